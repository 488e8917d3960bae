// Every label of the in-browser demos (saliency, feature maps, "Why did it say that?") in English and
// Simplified Chinese. Text only; the islands pick a table by the page's locale. Fashion-MNIST class names
// are translated here for display; the model's own class list stays English (FASHION_MNIST_CLASSES).
import type { SaliencyMethod } from "./demos/fashion-attribution";

export interface DemoStrings {
  loading: string;
  loadFailed: string;
  image: string;
  sampleLabel: string;
  method: string;
  methods: Record<SaliencyMethod, string>;
  methodNotes: Record<SaliencyMethod, string>;
  heatmapLabel: string;
  imageLabel: string;
  probabilities: string;
  trueClass: string;
  predicted: string;
  predictedClass: string;
  explaining: string;
  modelNote: string;
  featureMaps: string;
  featureLayer: string;
  featureTileLabel: string;
  classes: readonly string[];
  sentence: string;
  sentencePlaceholder: string;
  examples: string;
  prediction: string;
  labels: { negative: string; positive: string };
  tokens: string;
  legendNegative: string;
  legendPositive: string;
  unknownToken: string;
  noTokens: string;
  typeSomething: string;
  allUnknown: string;
  bagLimits: string;
  sentimentNote: string;
  completeness: string;
}

export const demoStrings: Record<"en" | "zh-cn", DemoStrings> = {
  en: {
    loading: "Loading the model…",
    loadFailed: "The model could not be loaded:",
    image: "Test image",
    sampleLabel: "Test image {n}: {cls}",
    method: "Attribution method",
    methods: {
      saliency: "Saliency (gradient)",
      ig: "Integrated Gradients",
      smoothgrad: "SmoothGrad",
      gradcam: "Grad-CAM",
      occlusion: "Occlusion",
    },
    methodNotes: {
      saliency: "|∂ score / ∂ pixel|: how much a tiny change of each pixel moves the class score.",
      ig: "Gradients averaged along the straight path from a black image; red pixels raise the score, blue lower it, and they add up to the score's change.",
      smoothgrad:
        "The saliency map averaged over 16 copies of the image with Gaussian noise (σ = 0.15): less speckle.",
      gradcam:
        "The last conv layer's channels weighted by their average gradient, ReLU, upsampled from 14×14.",
      occlusion: "How much the score drops when a 4×4 black patch covers each place (169 patches).",
    },
    heatmapLabel: "Attribution heatmap for the predicted class, over the image",
    imageLabel: "The test image",
    probabilities: "Class probabilities",
    trueClass: "true class",
    predicted: "Explaining the predicted class:",
    predictedClass: "Predicted class:",
    explaining: "computing…",
    modelNote:
      "A {params}-parameter CNN trained on Fashion-MNIST ({acc} test accuracy on {n} images). Everything runs in your browser.",
    featureMaps: "Feature maps",
    featureLayer: "Conv layer {n} (after ReLU): {c} channels of {h}×{w}",
    featureTileLabel: "Channel {c} of conv layer {n}",
    classes: [
      "T-shirt/top",
      "Trouser",
      "Pullover",
      "Dress",
      "Coat",
      "Sandal",
      "Shirt",
      "Sneaker",
      "Bag",
      "Ankle boot",
    ],
    sentence: "Your sentence (English or Chinese)",
    sentencePlaceholder: "Type a sentence…",
    examples: "Try:",
    prediction: "Prediction",
    labels: { negative: "negative", positive: "positive" },
    tokens: "Each token coloured by its Integrated-Gradients attribution",
    legendNegative: "pushes negative",
    legendPositive: "pushes positive",
    unknownToken: "not in the vocabulary (<unk>)",
    noTokens: "No words to explain yet.",
    typeSomething: "Type a sentence above to see what the model predicts.",
    allUnknown:
      "None of these words is in the model's vocabulary, so it has nothing to go on: no prediction.",
    bagLimits:
      'What a bag of words cannot see: it adds up one learned vector per word (per character in Chinese) and ignores their order, so "dog bites man" and "man bites dog" look the same, and a negation is just one more word — 不 carries the same weight whatever it negates, so 今天天气不错 ("the weather is not bad", i.e. nice) can come out negative.',
    sentimentNote:
      "A bag-of-embeddings classifier ({params} parameters, {acc} held-out accuracy on {n} sentences) trained on the paramlens sentiment corpus. Chinese is split into single characters.",
    completeness: "Σ scores − Δ positive logit = {delta}",
  },
  "zh-cn": {
    loading: "正在加载模型…",
    loadFailed: "模型加载失败：",
    image: "测试图像",
    sampleLabel: "测试图像 {n}：{cls}",
    method: "归因方法",
    methods: {
      saliency: "显著图（梯度）",
      ig: "积分梯度",
      smoothgrad: "SmoothGrad",
      gradcam: "Grad-CAM",
      occlusion: "遮挡",
    },
    methodNotes: {
      saliency: "|∂ 得分 / ∂ 像素|：每个像素的微小变化会让类别得分变化多少。",
      ig: "沿着从全黑图像出发的直线路径平均梯度；红色像素提高得分，蓝色降低得分，总和等于得分的变化。",
      smoothgrad: "在 16 份加了高斯噪声（σ = 0.15）的图像副本上平均显著图：斑点更少。",
      gradcam: "最后一个卷积层的通道按其平均梯度加权，经 ReLU 后从 14×14 上采样。",
      occlusion: "用 4×4 的黑块依次遮住每个位置时得分下降多少（共 169 块）。",
    },
    heatmapLabel: "预测类别的归因热力图，叠加在图像上",
    imageLabel: "测试图像",
    probabilities: "类别概率",
    trueClass: "真实类别",
    predicted: "正在解释预测类别：",
    predictedClass: "预测类别：",
    explaining: "计算中…",
    modelNote:
      "一个在 Fashion-MNIST 上训练的 {params} 参数 CNN（在 {n} 张测试图像上准确率 {acc}）。全部计算都在你的浏览器中进行。",
    featureMaps: "特征图",
    featureLayer: "卷积层 {n}（ReLU 之后）：{c} 个 {h}×{w} 通道",
    featureTileLabel: "卷积层 {n} 的通道 {c}",
    classes: ["T 恤/上衣", "裤子", "套头衫", "连衣裙", "外套", "凉鞋", "衬衫", "运动鞋", "包", "短靴"],
    sentence: "你的句子（英文或中文）",
    sentencePlaceholder: "输入一个句子…",
    examples: "试试：",
    prediction: "预测",
    labels: { negative: "负面", positive: "正面" },
    tokens: "每个词元按其积分梯度归因着色",
    legendNegative: "推向负面",
    legendPositive: "推向正面",
    unknownToken: "不在词表中（<unk>）",
    noTokens: "还没有可解释的词。",
    typeSomething: "在上面输入一句话，看看模型的预测。",
    allUnknown: "这些词都不在模型的词表中，模型没有任何依据：不给出预测。",
    bagLimits:
      "词袋模型看不到什么：它把每个词（中文是每个字）学到的向量加起来，不管它们的顺序，所以“狗咬人”和“人咬狗”看起来一样；否定也只是多了一个词——“不”无论否定什么都带着同样的权重，所以“今天天气不错”可能被判为负面。",
    sentimentNote:
      "一个词袋嵌入分类器（{params} 个参数，在 {n} 个留出句子上准确率 {acc}），用 paramlens 情感语料训练。中文按单个汉字切分。",
    completeness: "Σ 得分 − Δ 正面 logit = {delta}",
  },
};

/** Fills "{name}" placeholders. */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in values ? String(values[k]) : m));
}
