// Sharing and importing for the calculator: copy the link, the validated config as JSON or the matching
// `paramlens params` command; import a pasted Hugging Face config.json as a new model; count a dropped
// safetensors file from its header, read in the browser (never uploaded). Parsing is the library's.
import {
  countSafetensors,
  formatBytes,
  formatCount,
  fromHuggingFaceConfig,
  readSafetensorsHeader,
  type SafetensorsCount,
} from "@paramlens/gpt-params";
import { useState } from "preact/hooks";
import type { CalculatorStrings } from "../lib/calculator-strings";
import { cliCommand } from "../lib/cli-command";
import type { ModelFailure, ModelResult } from "../lib/compute";
import { CUSTOM, formFromConfig } from "../lib/form";
import type { CalcState, ModelState } from "../lib/url-state";

// The safetensors spec caps the JSON header at 100 MB; never read more than that plus the 8-byte length.
const MAX_HEADER_BYTES = 100_000_000;

/** Reads just the header of a safetensors file: 8 bytes of length, then that many bytes of JSON. */
async function readHeaderBytes(file: File): Promise<Uint8Array> {
  const head = new Uint8Array(await file.slice(0, 8).arrayBuffer());
  if (head.length < 8) return head; // readSafetensorsHeader reports the truncation
  const n = Number(new DataView(head.buffer).getBigUint64(0, true));
  const end = 8 + Math.min(n, MAX_HEADER_BYTES + 1);
  return new Uint8Array(await file.slice(0, end).arrayBuffer());
}

async function copy(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false; // no clipboard permission: the text stays visible below for manual copying
  }
}

export function ImportPanel(props: {
  t: CalculatorStrings;
  state: CalcState;
  focused: ModelState;
  focusedResult: ModelResult | ModelFailure;
  onImport: (m: ModelState) => void;
  canAdd: boolean;
}) {
  const { t, focused, focusedResult } = props;
  const [copied, setCopied] = useState("");
  const [hfText, setHfText] = useState("");
  const [hfError, setHfError] = useState("");
  const [st, setSt] = useState<{ names: string[]; count: SafetensorsCount } | null>(null);
  const [stError, setStError] = useState("");
  const [over, setOver] = useState(false);

  const json = focusedResult.ok ? JSON.stringify(focusedResult.report.config, null, 2) : "";
  const command = cliCommand(focused.preset, focused.form, { batch: props.state.options.batch });

  const doCopy = async (what: string, text: string) => {
    setCopied((await copy(text)) ? what : "");
  };

  const importHf = () => {
    try {
      const config = fromHuggingFaceConfig(hfText);
      const form = formFromConfig(config);
      props.onImport({ preset: CUSTOM, form, label: config.name, base: { ...form } });
      setHfError("");
    } catch (e) {
      setHfError(e instanceof Error ? e.message : String(e));
    }
  };

  const countFiles = async (files: FileList | null) => {
    if (!files || files.length === 0) return;
    try {
      const list = Array.from(files);
      const headers = await Promise.all(
        list.map(async (f) => readSafetensorsHeader(await readHeaderBytes(f))),
      );
      const config = focusedResult.ok ? focusedResult.report.config : undefined;
      setSt({ names: list.map((f) => f.name), count: countSafetensors(headers, config ? { config } : {}) });
      setStError("");
    } catch (e) {
      setSt(null);
      setStError(e instanceof Error ? e.message : String(e));
    }
  };

  return (
    <section aria-label={t.share_}>
      <h3>{t.share_}</h3>
      <div class="calc-inline">
        <button type="button" onClick={() => doCopy("link", window.location.href)}>
          {t.copyLink}
          {copied === "link" ? ` ✓ ${t.copied}` : ""}
        </button>
        <button type="button" disabled={!json} onClick={() => doCopy("json", json)}>
          {t.copyJson}
          {copied === "json" ? ` ✓ ${t.copied}` : ""}
        </button>
        <button type="button" onClick={() => doCopy("command", command.command)}>
          {t.copyCommand}
          {copied === "command" ? ` ✓ ${t.copied}` : ""}
        </button>
      </div>
      <pre data-testid="cli-command">
        <code>{command.command}</code>
      </pre>
      {command.unsupported.length > 0 && (
        <p class="calc-note">
          {t.commandInexact} {command.unsupported.map((k) => t.fields[k] ?? k).join(", ")}
        </p>
      )}
      {json && (
        <details>
          <summary>JSON</summary>
          <pre data-testid="config-json">
            <code>{json}</code>
          </pre>
        </details>
      )}

      <h4>{t.importHf}</h4>
      <textarea
        name="hf-config"
        aria-label={t.importHf}
        placeholder={t.importHfPlaceholder}
        value={hfText}
        onInput={(e) => setHfText((e.target as HTMLTextAreaElement).value)}
      />
      <div class="calc-inline">
        <button type="button" disabled={!props.canAdd || hfText.trim() === ""} onClick={importHf}>
          {t.importButton}
        </button>
      </div>
      {hfError && (
        <p class="calc-error" role="alert" data-testid="hf-error">
          {hfError}
        </p>
      )}

      {/* biome-ignore lint/a11y/noStaticElementInteractions: a drop target; the file input inside is the accessible control */}
      <div
        class="calc-drop"
        data-over={over ? "true" : "false"}
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={(e) => {
          e.preventDefault();
          setOver(false);
          void countFiles(e.dataTransfer?.files ?? null);
        }}
      >
        <p>{t.dropSafetensors}</p>
        <label>
          {t.chooseFile}{" "}
          <input
            type="file"
            name="safetensors"
            accept=".safetensors"
            multiple
            onChange={(e) => void countFiles((e.target as HTMLInputElement).files)}
          />
        </label>
      </div>
      {stError && (
        <p class="calc-error" role="alert" data-testid="safetensors-error">
          {stError}
        </p>
      )}
      {st && (
        <div data-testid="safetensors-result">
          <p>
            <strong>{t.safetensorsResult}:</strong> {formatCount(st.count.parameters, { style: "exact" })} (
            {st.count.tensorCount} {t.tensors}, {formatBytes(st.count.bytes)};{" "}
            {formatCount(st.count.buffers, { style: "exact" })} {t.buffers}) — {st.names.join(", ")}
          </p>
          {st.count.crossCheck && (
            <p>
              {t.crossCheck} ({formatCount(st.count.crossCheck.configTotal, { style: "exact" })}):{" "}
              {st.count.crossCheck.matches
                ? t.matches
                : `${t.differs} ${formatCount(st.count.crossCheck.difference, { style: "exact" })}`}
            </p>
          )}
        </div>
      )}
    </section>
  );
}
