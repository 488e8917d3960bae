// Heatmap pixels (checked against the ColorBrewer anchor colours by hand), PNG round trip through
// fast-png's decoder, escaped HTML for tokens, and plain-JSON results.
import { tensor } from "@paramlens/tensor";
import { decode } from "fast-png";
import { describe, expect, it } from "vitest";
import { divergingColor, sampleColormap, sequentialColor } from "./colormap";
import { heatmapPng, heatmapRgba } from "./heatmap";
import { Saliency } from "./saliency";
import { tinyRelu } from "./test-util";
import { escapeHtml, textAttributionHtml } from "./text-html";
import { attributionToJson } from "./to-json";

const px = (d: Uint8ClampedArray | Uint8Array | Uint16Array, k: number) =>
  Array.from(d.slice(k * 4, k * 4 + 4));

describe("colour maps", () => {
  it("hit the ColorBrewer anchors and interpolate between them", () => {
    expect(divergingColor(-1)).toEqual([5, 48, 97]); // #053061
    expect(divergingColor(0)).toEqual([247, 247, 247]); // #f7f7f7
    expect(divergingColor(1)).toEqual([103, 0, 31]); // #67001f
    expect(sequentialColor(0)).toEqual([255, 245, 240]); // #fff5f0
    expect(sequentialColor(1)).toEqual([103, 0, 13]); // #67000d
    // halfway between #f4a582 (244,165,130) and #d6604d (214,96,77)
    expect(divergingColor(0.5)).toEqual([229, 130.5, 103.5]);
    expect(sampleColormap(["#000000", "#ffffff"], 2)).toEqual([255, 255, 255]);
  });
});

describe("heatmap", () => {
  const map = tensor([
    [1, -1],
    [0, 0.5],
  ]);

  it("draws a signed map with the diverging colours, opaque without a background", () => {
    const img = heatmapRgba(map);
    expect([img.width, img.height]).toEqual([2, 2]);
    expect(px(img.data, 0)).toEqual([103, 0, 31, 255]);
    expect(px(img.data, 1)).toEqual([5, 48, 97, 255]);
    expect(px(img.data, 2)).toEqual([247, 247, 247, 255]);
    expect(px(img.data, 3)).toEqual([229, 131, 104, 255]);
  });

  it("blends over a grayscale background by opacity · |value| / vmax", () => {
    const img = heatmapRgba(map, {
      background: tensor([
        [0, 1],
        [0.5, 1],
      ]),
      opacity: 0.5,
    });
    expect(px(img.data, 0)).toEqual([52, 0, 16, 255]); // ½·black + ½·(103, 0, 31), rounded
    expect(px(img.data, 2)).toEqual([128, 128, 128, 255]); // zero attribution: the background (127.5)
    // ¼ colour (229, 130.5, 103.5) + ¾ white: (248.5, 223.875, 217.125)
    expect(px(img.data, 3)).toEqual([249, 224, 217, 255]);
  });

  it("uses the sequential map for magnitudes and sums channels", () => {
    const img = heatmapRgba(
      tensor([
        [
          [1, 0],
          [0, 0],
        ],
        [
          [1, 0],
          [0, -2],
        ],
      ]),
      { sign: "absolute" },
    );
    // channel sums: 2, 0, 0, −2 → |·| = 2, 0, 0, 2
    expect(px(img.data, 0)).toEqual([103, 0, 13, 255]);
    expect(px(img.data, 1)).toEqual([255, 245, 240, 255]);
    expect(px(img.data, 3)).toEqual([103, 0, 13, 255]);
  });

  it("encodes a PNG that decodes to the same pixels", () => {
    const attr = new Saliency(tinyRelu).attribute(tensor([[2, 1]])).attributions; // [1, 2] → one 1×2 image
    const png = heatmapPng(attr.reshape([1, 2]), { sign: "positive" });
    expect(Array.from(png.slice(1, 4))).toEqual([80, 78, 71]); // "PNG"
    const back = decode(png);
    expect([back.width, back.height, back.channels, back.depth]).toEqual([2, 1, 4, 8]);
    expect(Array.from(back.data)).toEqual(
      Array.from(heatmapRgba(attr.reshape([1, 2]), { sign: "positive" }).data),
    );
  });

  it("rejects maps and options that cannot be drawn", () => {
    expect(() => heatmapRgba(tensor([1, 2, 3]))).toThrow(
      /expected one map \[H, W\], \[C, H, W\] or \[1, C, H, W\], got \[3\]/,
    );
    expect(() => heatmapRgba(map, { background: tensor([[1, 2, 3]]) })).toThrow(
      /background \[1,3\] must be \[2, 2\]/,
    );
    expect(() => heatmapRgba(map, { opacity: 2 })).toThrow(/opacity must be in \[0, 1\], got 2/);
    expect(() => heatmapRgba(map, { vmax: 0 })).toThrow(/vmax must be a finite number > 0/);
    expect(() => heatmapRgba(tensor([[Number.NaN]]))).toThrow(/maps must be finite/);
  });
});

describe("textAttributionHtml", () => {
  it("escapes tokens and colours them by score", () => {
    const html = textAttributionHtml(["<script>alert('x')</script>", " & ok"], [1, -1], {
      title: 'a "t" <b>',
    });
    expect(html).not.toContain("<script>");
    expect(html).toContain("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
    expect(html).toContain(" &amp; ok");
    expect(html).toContain("<title>a &quot;t&quot; &lt;b&gt;</title>");
    expect(html).toContain('style="background-color:rgb(103,0,31)" title="1"');
    expect(html).toContain('style="background-color:rgb(5,48,97)" title="-1"');
    expect(html.startsWith("<!DOCTYPE html>")).toBe(true);
    expect(textAttributionHtml(["a"], tensor([0]), { fragment: true })).toBe(
      '<div class="attr"><span class="tok" style="background-color:rgb(247,247,247)" title="0">a</span></div>',
    );
    expect(escapeHtml(`&<>"'`)).toBe("&amp;&lt;&gt;&quot;&#39;");
  });

  it("rejects mismatched or non-finite scores", () => {
    expect(() => textAttributionHtml(["a", "b"], [1])).toThrow(/got 1 scores for 2 tokens/);
    expect(() => textAttributionHtml(["a"], [Number.POSITIVE_INFINITY])).toThrow(/score 0 is Infinity/);
  });
});

describe("attributionToJson", () => {
  it("gives nested numbers, the shape and deltas", () => {
    const json = attributionToJson({ attributions: tensor([[1, 2]]), delta: [0.5] });
    expect(json).toEqual({ shape: [1, 2], attributions: [[1, 2]], delta: [0.5] });
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
  });
});
