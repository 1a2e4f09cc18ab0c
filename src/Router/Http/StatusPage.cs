namespace HtapRouter.Router.Http;

/// <summary>
/// The status page: one self-contained HTML document (inline CSS and script, nothing fetched but /api/status)
/// that polls /api/status every second, fills the node table and plots replication lag and reads per second.
/// </summary>
internal static class StatusPage
{
    public const string Html = """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <title>HtapRouter status</title>
        <style>
          body { font-family: system-ui, sans-serif; margin: 24px; color: #1d2330; background: #f6f7f9; }
          h1 { font-size: 20px; margin: 0 0 12px; }
          h2 { font-size: 15px; margin: 20px 0 6px; }
          table { border-collapse: collapse; background: #fff; min-width: 760px; }
          th, td { padding: 6px 12px; border-bottom: 1px solid #dde1e7; text-align: left; font-variant-numeric: tabular-nums; }
          th { background: #e9edf3; }
          .up { color: #137333; font-weight: 600; }
          .down { color: #b3261e; font-weight: 600; }
          .waiting { color: #8a6d00; font-weight: 600; }
          canvas { background: #fff; border: 1px solid #dde1e7; }
          #summary, #error { margin: 8px 0; }
          #error { color: #b3261e; }
        </style>
        </head>
        <body>
        <h1>HtapRouter</h1>
        <div id="summary">loading...</div>
        <div id="error"></div>
        <table id="nodes">
          <thead><tr><th>id</th><th>host:port</th><th>role</th><th>status</th><th>weight</th><th>select_cnt</th><th>replication_delay</th></tr></thead>
          <tbody></tbody>
        </table>
        <h2>Replication lag (bytes) and reads per second, per node</h2>
        <canvas id="plot" width="1000" height="360" data-samples="0"></canvas>
        <script>
        "use strict";
        const colors = ["#1a73e8", "#d93025", "#188038", "#f29900", "#9334e6", "#12b5cb"];
        const history = [];
        let previous = null;

        function cell(row, text, cls) {
          const td = row.insertCell();
          td.textContent = text;
          if (cls) td.className = cls;
        }

        function delay(n) {
          const bytes = n.delayBytes === null ? "? bytes" : n.delayBytes + " bytes";
          const seconds = n.delaySeconds === null ? "? s" : n.delaySeconds.toFixed(3) + " s";
          return bytes + " / " + seconds;
        }

        function render(status) {
          const body = document.querySelector("#nodes tbody");
          body.replaceChildren();
          for (const n of status.nodes) {
            const row = body.insertRow();
            row.id = "node-" + n.id;
            cell(row, n.id);
            cell(row, n.host + ":" + n.port);
            cell(row, n.role);
            cell(row, n.status, n.status);
            cell(row, n.lbWeight.toFixed(6));
            cell(row, n.selectCount);
            cell(row, delay(n));
          }
          document.getElementById("summary").textContent =
            "clients " + status.clientConnections + " (total " + status.clientConnectionsTotal + ", refused " + status.clientConnectionsRefused +
            ") · backend connections " + status.backendConnectionsOpen + " open, " + status.backendConnectionsIdle + " idle · fallbacks " + status.fallbacks;
        }

        function sample(status) {
          const now = Date.parse(status.time);
          const point = { nodes: {} };
          for (const n of status.nodes) {
            let rate = 0;
            if (previous && previous.nodes[n.id] && now > previous.time) {
              rate = Math.max(0, (n.reads - previous.nodes[n.id]) * 1000 / (now - previous.time));
            }
            point.nodes[n.id] = { lag: n.delayBytes ?? 0, rate: rate };
          }
          previous = { time: now, nodes: Object.fromEntries(status.nodes.map(n => [n.id, n.reads])) };
          history.push(point);
          if (history.length > 120) history.shift();
        }

        function panel(ctx, ids, top, height, width, key, title) {
          const left = 70;
          let max = 1;
          for (const p of history) for (const id of ids) max = Math.max(max, p.nodes[id] ? p.nodes[id][key] : 0);
          ctx.strokeStyle = "#c4cad3";
          ctx.strokeRect(left, top, width - left - 10, height);
          ctx.fillStyle = "#1d2330";
          ctx.font = "12px sans-serif";
          ctx.fillText(title, left, top - 6);
          ctx.fillText(max.toFixed(key === "rate" ? 1 : 0), 4, top + 12);
          ctx.fillText("0", 4, top + height);
          const step = (width - left - 10) / 119;
          ids.forEach((id, i) => {
            ctx.strokeStyle = colors[i % colors.length];
            ctx.lineWidth = 2;
            ctx.beginPath();
            history.forEach((p, x) => {
              const v = p.nodes[id] ? p.nodes[id][key] : 0;
              const px = left + (120 - history.length + x) * step;
              const py = top + height - v / max * height;
              if (x === 0) ctx.moveTo(px, py); else ctx.lineTo(px, py);
            });
            ctx.stroke();
          });
        }

        function draw(status) {
          const canvas = document.getElementById("plot");
          const ctx = canvas.getContext("2d");
          ctx.clearRect(0, 0, canvas.width, canvas.height);
          const ids = status.nodes.map(n => n.id);
          panel(ctx, ids, 30, 120, canvas.width, "lag", "replication lag (bytes)");
          panel(ctx, ids, 200, 120, canvas.width, "rate", "reads per second");
          ctx.font = "12px sans-serif";
          status.nodes.forEach((n, i) => {
            ctx.fillStyle = colors[i % colors.length];
            ctx.fillRect(80 + i * 200, 340, 12, 12);
            ctx.fillStyle = "#1d2330";
            ctx.fillText("node " + n.id + " " + n.host + ":" + n.port, 98 + i * 200, 350);
          });
          canvas.dataset.samples = history.length;
          canvas.dataset.nodes = ids.join(",");
        }

        async function poll() {
          try {
            const response = await fetch("/api/status", { cache: "no-store" });
            const status = await response.json();
            render(status);
            sample(status);
            draw(status);
            document.getElementById("error").textContent = "";
          } catch (e) {
            document.getElementById("error").textContent = "status unavailable: " + e;
          }
        }

        poll();
        setInterval(poll, 1000);
        </script>
        </body>
        </html>
        """;
}
