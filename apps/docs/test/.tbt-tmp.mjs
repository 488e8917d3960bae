import { chromium } from "playwright-core";
import { serveStatic } from "/work/wt/site/apps/docs/scripts/serve.mjs";

const server = await serveStatic("/work/wt/site/apps/docs/dist", 0);
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu"],
});
for (const path of process.argv.slice(2)) {
  for (let k = 0; k < 2; k++) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.addInitScript(() => {
      window.__lt = [];
      new PerformanceObserver((l) => {
        for (const e of l.getEntries()) window.__lt.push(e.duration);
      }).observe({ type: "longtask", buffered: true });
    });
    await page.goto(server.url.replace(/\/$/, "") + path, { waitUntil: "load" });
    await page.waitForTimeout(800);
    const lt = await page.evaluate(() => window.__lt);
    console.log(
      path,
      lt.map((d) => Math.round(d)).join(","),
      Math.round(lt.reduce((s, d) => s + Math.max(0, d - 50), 0)),
    );
    await page.close();
  }
}
await browser.close();
await server.close();
