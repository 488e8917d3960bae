// Astro + Starlight configuration for the paramlens docs: locales (root English, Simplified Chinese),
// the sidebar, and the Preact integration for the interactive islands. It does not generate the API
// reference; scripts/gen-api.mjs writes that into src/content/docs/api/ before `astro build`.
import preact from "@astrojs/preact";
import starlight from "@astrojs/starlight";
import { defineConfig, passthroughImageService } from "astro/config";

// Workspace packages resolve to their TypeScript sources (the repo-wide "@paramlens/source" condition),
// so the site never bundles a stale dist/. The rest are Vite's default conditions, which a custom list
// would otherwise replace.
const clientConditions = ["@paramlens/source", "module", "browser", "development|production"];
const serverConditions = ["@paramlens/source", "module", "node", "development|production"];

export default defineConfig({
  // No raster images to optimise: skip sharp entirely.
  image: { service: passthroughImageService() },
  telemetry: false,
  integrations: [
    starlight({
      title: "paramlens",
      description: "Build, train, explain and size neural networks in TypeScript.",
      defaultLocale: "root",
      locales: {
        root: { label: "English", lang: "en" },
        "zh-cn": { label: "简体中文", lang: "zh-CN" },
      },
      // uPlot's stylesheet is global rather than imported by the chart island, so it is always present.
      customCss: ["./src/styles/custom.css", "uplot/dist/uPlot.min.css"],
      sidebar: [
        {
          label: "Start here",
          translations: { "zh-CN": "从这里开始" },
          items: [{ slug: "getting-started" }],
        },
        {
          label: "Guides",
          translations: { "zh-CN": "指南" },
          autogenerate: { directory: "guides" },
        },
        {
          label: "Concepts",
          translations: { "zh-CN": "概念" },
          items: [
            { slug: "concepts/parameters" },
            { slug: "concepts/features" },
            { slug: "concepts/interpretation" },
            { slug: "concepts/growth" },
          ],
        },
        {
          label: "Interactive",
          translations: { "zh-CN": "交互工具" },
          items: [
            { slug: "tools/calculator" },
            { slug: "tools/neuron-playground" },
            { slug: "tools/saliency" },
            { slug: "tools/feature-maps" },
            { slug: "tools/why" },
          ],
        },
        {
          label: "API reference",
          translations: { "zh-CN": "API 参考" },
          collapsed: true,
          autogenerate: { directory: "api" },
        },
      ],
    }),
    preact(),
  ],
  vite: {
    resolve: { conditions: clientConditions },
    ssr: { resolve: { conditions: serverConditions, externalConditions: ["@paramlens/source"] } },
  },
});
