namespace MlConnector.Sandbox.Shared;

/// <summary>
/// <c>/sandbox</c>: a small page to flip fault switches, expire tokens, reset and watch traffic, for people
/// trying the product and for support reproducing a problem. <c>/sandbox/simulators</c> is the same as JSON.
/// It only calls the <c>_control</c> endpoints, so the page needs no server-side state of its own.
/// </summary>
internal static class ControlPage
{
    public static void MapSandboxControlPage(this WebApplication app)
    {
        app.MapGet("/sandbox/simulators", (SandboxRegistry registry) =>
            registry.All.Select(s => new { s.Name, path = $"/sandbox/{s.Name}", faults = s.Faults.Settings, requests = s.Traffic.LastSequence }));
        app.MapGet("/sandbox", () => Results.Content(Html, "text/html; charset=utf-8"));
    }

    private const string Html = """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>Sandbox control · ml-connector</title>
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <style>
          body { font-family: system-ui, sans-serif; color: #14213d; margin: 0; background: #f6f7fb; }
          header { background: #14213d; color: #fff; padding: 1rem 2rem; }
          header p { margin: .25rem 0 0; opacity: .8; }
          main { display: grid; grid-template-columns: repeat(auto-fit, minmax(22rem, 1fr)); gap: 1.25rem; padding: 1.5rem 2rem; }
          section { background: #fff; border: 1px solid #e3e6ec; border-radius: 10px; padding: 1rem 1.25rem; }
          h2 { margin: 0 0 .25rem; text-transform: capitalize; } code { font-size: .85rem; }
          label { display: flex; justify-content: space-between; align-items: center; gap: 1rem; margin: .35rem 0; font-size: .92rem; }
          input[type=number] { width: 6rem; } .actions { display: flex; gap: .5rem; flex-wrap: wrap; margin-top: .75rem; }
          button { padding: .45rem .8rem; border-radius: 6px; border: 1px solid #c7cbd3; background: #fff; cursor: pointer; }
          button.primary { background: #4338ca; color: #fff; border-color: #4338ca; }
          .status { font-size: .85rem; color: #1b7f3b; min-height: 1.2em; } table { width: 100%; font-size: .8rem; border-collapse: collapse; margin-top: .75rem; }
          td { border-top: 1px solid #eee; padding: .2rem .3rem; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; max-width: 14rem; }
        </style></head>
        <body>
        <header><strong>ml-connector sandbox</strong><p>Simulated Ramp, Dynamics 365 F&amp;O and Visma.net. Switch faults on to see how the integration copes.</p></header>
        <main id="simulators"></main>
        <script>
        const fields = [
          ["LatencyMs", "Latency (ms)", "number"], ["SlowAnswerMs", "Hold answers after handling (ms)", "number"], ["RateLimitNext", "Next N requests → 429", "number"],
          ["RateLimitedShare", "Share answered 429 (0–1)", "number"], ["RetryAfterSeconds", "Retry-After (s)", "number"],
          ["ServerErrorNext", "Next N requests → 5xx", "number"], ["ServerErrorShare", "Share answered 5xx (0–1)", "number"],
          ["DuplicateDeliveries", "Duplicate webhook deliveries", "checkbox", "ramp"], ["OutOfOrderDeliveries", "Out-of-order webhook deliveries", "checkbox", "ramp"],
          ["PartialBatchFailure", "Partial $batch failure", "checkbox", "d365"]];
        // A switch with a fourth element only affects that simulator (webhooks are Ramp's, $batch is OData's).
        const applies = (field, sim) => !field[3] || field[3] === sim;
        const camel = k => k[0].toLowerCase() + k.slice(1);
        async function load() {
          const sims = await (await fetch("sandbox/simulators")).json();
          const main = document.getElementById("simulators");
          main.innerHTML = "";
          for (const sim of sims) {
            const s = document.createElement("section");
            s.dataset.simulator = sim.name;
            s.innerHTML = `<h2>${sim.name}</h2><code>${location.origin}${sim.path}</code>` +
              fields.filter(f => applies(f, sim.name)).map(([k, label, type]) => `<label>${label}<input name="${k}" type="${type}" step="any"></label>`).join("") +
              `<div class="actions"><button class="primary" data-act="save">Apply</button><button data-act="expire">Expire tokens now</button>` +
              `<button data-act="reset">Reset data</button><button data-act="traffic">Recent requests</button></div><div class="status"></div><table></table>`;
            for (const [k, , type] of fields.filter(f => applies(f, sim.name))) {
              const input = s.querySelector(`[name=${k}]`), value = sim.faults[camel(k)];
              if (type === "checkbox") input.checked = !!value; else input.value = value ?? 0;
            }
            s.addEventListener("click", e => act(sim.name, s, e.target.dataset.act));
            main.appendChild(s);
          }
        }
        async function act(name, s, what) {
          if (!what) return;
          const base = `sandbox/${name}/_control/`, status = s.querySelector(".status");
          if (what === "save") {
            const body = {};
            for (const [k, , type] of fields.filter(f => applies(f, name))) { const i = s.querySelector(`[name=${k}]`); body[camel(k)] = type === "checkbox" ? i.checked : Number(i.value); }
            await fetch(base + "faults", { method: "PUT", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
            status.textContent = "Fault switches applied.";
          } else if (what === "expire") { await fetch(base + "expire-tokens", { method: "POST" }); status.textContent = "Every issued token is now expired."; }
          else if (what === "reset") { await fetch(base + "reset", { method: "POST" }); status.textContent = "Data, switches and request log reset."; await load(); }
          else if (what === "traffic") {
            const rows = (await (await fetch(base + "requests")).json()).slice(-15).reverse();
            s.querySelector("table").innerHTML = rows.map(r => `<tr><td>${r.method}</td><td title="${r.path}${r.query}">${r.path}${r.query}</td><td>${r.status}</td></tr>`).join("") || "<tr><td>No requests yet.</td></tr>";
          }
        }
        load();
        </script></body></html>
        """;
}
