// The works council's pages in headless Chromium (Debian's /usr/bin/chromium driven by
// playwright-core; nothing is downloaded). Started by tests/integration/council_browser_test.cpp
// against a real indblik-server on a seeded workplace (figures in that file's header):
//
//   node council.mjs --url https://127.0.0.1:PORT --ca CA.crt --login LOGIN --artifacts DIR
//                    --downloads DIR   (the password on standard input)
//
// The server's certificate is checked against its CA here (Node's TLS), and Chromium is told to
// accept exactly that certificate's public key (--ignore-certificate-errors-spki-list): real TLS,
// no blanket "ignore HTTPS errors". Exits 0 when every check passed, 1 with the failures listed.

import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import tls from "node:tls";
import { chromium } from "playwright-core";

const args = {};
for (let i = 2; i < process.argv.length; i += 2) {
  args[process.argv[i].replace(/^--/, "")] = process.argv[i + 1];
}
for (const need of ["url", "ca", "login", "artifacts", "downloads"]) {
  if (!args[need]) {
    console.error(`council.mjs: --${need} is missing`);
    process.exit(2);
  }
}
const password = fs.readFileSync(0, "utf8").replace(/\n$/, "");
const base = new URL(args.url);
fs.mkdirSync(args.artifacts, { recursive: true });
fs.mkdirSync(args.downloads, { recursive: true });

const failures = [];
let checks = 0;
function check(ok, what) {
  checks += 1;
  if (!ok) {
    failures.push(what);
    console.log(`FAIL ${what}`);
  }
}

// The SHA-256 of the server certificate's public key, after Node verified the chain to the CA.
function pinnedKey() {
  return new Promise((resolve, reject) => {
    const socket = tls.connect(
      {
        host: base.hostname,
        port: Number(base.port),
        ca: fs.readFileSync(args.ca),
        servername: "localhost",
      },
      () => {
        const cert = socket.getPeerX509Certificate();
        const spki = cert.publicKey.export({ type: "spki", format: "der" });
        socket.end();
        resolve(createHash("sha256").update(spki).digest("base64"));
      },
    );
    socket.on("error", reject);
  });
}

// The text of each cell of the row whose header is `row`, in the table of section `id`.
async function rowCells(page, id, row) {
  return page.$$eval(
    `section#${id} tbody tr`,
    (rows, wanted) => {
      for (const r of rows) {
        const th = r.querySelector("th");
        if (th && th.textContent.trim() === wanted) {
          return [...r.querySelectorAll("td")].map((td) => td.textContent.trim());
        }
      }
      return null;
    },
    row,
  );
}

// The cell of `row` under the column headed `column`, in the table of section `id`.
async function cell(page, id, row, column) {
  return page.$$eval(
    `section#${id} table`,
    (tables, [wantedRow, wantedColumn]) => {
      const table = tables[0];
      if (!table) return null;
      const heads = [...table.querySelectorAll("thead th")].map((th) => th.textContent.trim());
      const at = heads.indexOf(wantedColumn);
      if (at < 0) return null;
      for (const r of table.querySelectorAll("tbody tr")) {
        const cells = [...r.children];
        if (cells[0].textContent.trim() === wantedRow) {
          return cells[at] ? cells[at].textContent.trim() : null;
        }
      }
      return null;
    },
    [row, column],
  );
}

async function shot(page, name) {
  await page.screenshot({ path: path.join(args.artifacts, `council-${name}.png`), fullPage: true });
}

async function ask(page, scope, from, to, format = "html") {
  await page.selectOption("select#scope", scope);
  await page.fill("input#from", from);
  await page.fill("input#to", to);
  await page.selectOption("select#format", format);
  if (format === "csv") {
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.click("form.stack button[type=submit]"),
    ]);
    return download;
  }
  const [answer] = await Promise.all([
    page.waitForNavigation(),
    page.click("form.stack button[type=submit]"),
  ]);
  return answer;
}

const started = Date.now();
const spki = await pinnedKey();
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  headless: true,
  args: [`--ignore-certificate-errors-spki-list=${spki}`],
});
try {
  const context = await browser.newContext({
    acceptDownloads: true,
    viewport: { width: 1100, height: 900 },
  });
  const page = await context.newPage();
  const cspViolations = [];
  page.on("console", (m) => {
    if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
  });

  // Sign in through the real form.
  await page.goto(new URL("/login?lang=en", base).href);
  await shot(page, "signin");
  await page.fill("input[name=login]", args.login);
  await page.fill("input[name=password]", password);
  await Promise.all([page.waitForNavigation(), page.click("form button[type=submit]")]);
  if (new URL(page.url()).pathname !== "/") {
    await shot(page, "signin-refused");
    throw new Error(`sign-in failed, at ${page.url()}: ${await page.textContent("main")}`);
  }
  const reportsLink = page.locator('a[href^="/council/reports"]');
  check((await reportsLink.count()) >= 1, "the home page links to the council's reports");
  // Two alerts now: undeclared monitoring on 17 of 45 computers, and u21's overdue objection.
  check(
    (await page.textContent("a.alert-count")) === "2 alerts to the works council",
    "the home page counts the alerts",
  );
  await shot(page, "home");

  // The form.
  await page.goto(new URL("/council/reports?lang=en", base).href);
  check((await page.textContent("h1")) === "Works-council reports", "the form's heading");
  const options = await page.$$eval("select#scope option", (os) => os.map((o) => o.value));
  check(
    JSON.stringify(options) === JSON.stringify(["all", "unit:Jura", "unit:Salg", "unit:Udvikling"]),
    `the units offered: ${options}`,
  );
  check(!/\b3\b/.test(await page.textContent("select#scope")), "no unit size in the form");
  // The member's first visit: both alerts are new to her.
  const alerts = await page.$$eval("section#alerts li", (ls) => ls.map((l) => l.textContent));
  check(
    alerts.length === 2 &&
      alerts[0] ===
        "New: Undeclared monitoring on 17 of 45 computers, more than the alert share of 5 %. " +
          "Since 2026-01-04." &&
      alerts[1] === "New: 1 request from an employee is open past its due date. Since 2026-01-20.",
    `the alerts at the top: ${JSON.stringify(alerts)}`,
  );
  await shot(page, "form");

  // A unit's report: Udvikling in January.
  let answer = await ask(page, "unit:Udvikling", "2026-01-01", "2026-02-01");
  check(answer.status() === 200, `Udvikling's report: status ${answer.status()}`);
  check(
    (await page.textContent("h1")) === "Udvikling, 2026-01-01 – 2026-02-01",
    "Udvikling's heading",
  );
  const summary = await rowCells(page, "summary", "Udvikling");
  check(
    summary && summary[0] === "30" && summary[1] === "30" && summary[2] === "25" &&
      summary[3] === "14",
    `Udvikling's summary: 30 people, 30 computers, 25 reported, 14 undeclared (got ${summary})`,
  );
  check((await cell(page, "systems", "hubstaff", "People")) === "12", "Hubstaff on 12 people");
  check(
    (await cell(page, "systems", "teramind", "People")) === "*",
    "Teramind's 2 people are hidden",
  );
  check((await cell(page, "requests", "Copy of my data", "Received")) === "12", "12 copy requests");
  check((await cell(page, "requests", "Total", "Received")) === "25", "25 requests in all");
  check(
    (await cell(page, "requests", "Objection", "Received")) === "*",
    "the 2 objections are hidden",
  );
  check(
    (await cell(page, "requests", "Question", "Received")) === "*",
    "the 11 questions are hidden too (25 - 12 would give the objections away)",
  );
  const hiddenTitle = await page.getAttribute("td.hidden >> nth=0", "title");
  check(/^Hidden: fewer people/.test(hiddenTitle || ""), "a hidden cell explains itself");
  const bars = await page.locator("section#systems svg.chart rect").count();
  check(bars >= 2, `bars beside the systems' counts (${bars})`);
  await shot(page, "unit");

  // The same report as CSV, downloaded.
  const download = await ask(page, "unit:Udvikling", "2026-01-01", "2026-02-01", "csv");
  const csvPath = path.join(args.downloads, download.suggestedFilename());
  await download.saveAs(csvPath);
  check(/^council-report-.+\.csv$/.test(download.suggestedFilename()), "the CSV's file name");
  const csv = fs.readFileSync(csvPath, "utf8");
  check(csv.includes("Summary,Udvikling,People,30\r\n"), "CSV: Udvikling has 30 people");
  check(csv.includes("Requests,Total,Received,25\r\n"), "CSV: 25 requests");
  check(/\r\nRequests,Objection,Received,\*\r\n/.test(csv), "CSV: the objections hidden");
  check(!/Requests,Objection,Received,2\r\n/.test(csv), "CSV: never the 2 objections");

  // Udvikling from January to March, with January released: the guard over time refuses it,
  // since its requests and reads minus January's would be February's and March's, and March's
  // 3 copy requests are from 3 people (15 - 12 in the copies' row).
  answer = await ask(page, "unit:Udvikling", "2026-01-01", "2026-04-01");
  check(answer.status() === 409, `January to March after January is refused: ${answer.status()}`);
  const overTime = await page.textContent("div.error");
  check(
    /an overlapping period has already been released/.test(overTime) &&
      /fewer people than the minimum group size 10/.test(overTime) &&
      !/(^|[^\w.-])[23]([^\w.%-]|$)/.test(overTime),
    `the guard over time says why, with no small number: ${overTime}`,
  );
  check((await page.locator("table").count()) === 0, "no figures of the refused period");

  // Trends: Udvikling from February to March, which only touches January (nothing to subtract).
  // March's computers (3), requests (3) and reads (2) come from fewer than 10 people: hidden, and
  // February's requests and reads with them (the total minus February would be March).
  answer = await ask(page, "unit:Udvikling", "2026-02-01", "2026-04-01");
  check(answer.status() === 200, `Udvikling's trends: status ${answer.status()}`);
  const months = await page.$$eval("section#trends tbody th", (ths) =>
    ths.map((th) => th.textContent.trim()),
  );
  check(
    JSON.stringify(months) === JSON.stringify(["February 2026", "March 2026", "Total"]),
    `the trend's months: ${months}`,
  );
  const february = await rowCells(page, "trends", "February 2026");
  check(
    february && february.slice(0, 5).join(",") === "30,14,14,*,*",
    `February: 30 computers, 14 and 14 undeclared; its requests and reads hidden with March's (${february})`,
  );
  const march = await rowCells(page, "trends", "March 2026");
  check(
    march && march[0] === "*" && march[1] === "14" && march[3] === "*" && march[4] === "*",
    `March: computers, requests and reads hidden; 14 undeclared shown (${march})`,
  );
  const trendTotal = await rowCells(page, "trends", "Total");
  check(
    trendTotal && trendTotal.slice(0, 5).join(",") === "30,14,14,13,14",
    `the period: 30 computers (not 33), 13 requests, 14 reads (${trendTotal})`,
  );
  const charts = await page.locator("section#trends figure.trend svg[role=img]").count();
  check(charts === 5, `a chart per trend column (${charts})`);
  const computersChart = page.locator("figure#trend-computers_reported svg");
  const chartLabel = (await computersChart.getAttribute("aria-label")) || "";
  check(
    chartLabel ===
      "Computers that reported by month: February 2026: 30; March 2026: hidden",
    `the chart says its values: ${chartLabel}`,
  );
  check(
    (await computersChart.locator("g.bar rect").count()) === 1 &&
      (await computersChart.locator("g.gap text").textContent()) === "hidden" &&
      /^March 2026: hidden: fewer people/.test(
        await computersChart.locator("g.gap > title").textContent(),
      ),
    "March is a marked gap in the computers' chart, with a title",
  );
  check(
    (await page.locator("figure#trend-requests_received g.gap").count()) === 2,
    "February and March are gaps in the requests' chart",
  );
  // March's numbers (3 computers, 3 requests, 2 reads) appear nowhere in the trends: not in
  // the table, not in the charts, not in their labels and titles.
  const trendsMarkup = await page.innerHTML("section#trends");
  const trendsText = trendsMarkup.replace(/<[^>]*>/g, " ");
  check(
    !/(^|[^\w.-])[23]([^\w.%-]|$)/.test(trendsText.replace(/2026-0[1-3]/g, "")),
    "March's 3 and 2 appear nowhere in the trends section",
  );
  // Nor anywhere else on the page (dates and times aside): no other figure of this report is a
  // lone 3 or 2 either, so any would be March's.
  const pageText = (await page.innerText("main"))
    .replace(/\d{4}-\d{2}(-\d{2})?(T[\d:.]+Z)?/g, " ")
    .replace(/[0-9a-f]{24}/g, " ");
  const lone = pageText.match(/(^|[^\w.,-])[23](?![\w.,%-])/g) || [];
  check(lone.length === 0, `no lone 3 or 2 on the page: ${JSON.stringify(lone)}`);
  check(
    !/March 2026: [23](?![0-9])/.test(trendsMarkup) &&
      (trendsMarkup.match(/March 2026: hidden/g) || []).length === 9,
    // each of the three charts where March is hidden: its aria-label, its <title>, the gap's
    `March is 'hidden' in the labels and titles of three charts: ${
      (trendsMarkup.match(/March 2026: hidden/g) || []).length
    }`,
  );
  await page.locator("section#trends").screenshot({
    path: path.join(args.artifacts, "council-trends-chart.png"),
  });
  await shot(page, "trends-page");
  const trendsCsvDownload = await ask(page, "unit:Udvikling", "2026-02-01", "2026-04-01", "csv");
  const trendsCsvPath = path.join(args.downloads, "trends.csv");
  await trendsCsvDownload.saveAs(trendsCsvPath);
  const trendsCsv = fs.readFileSync(trendsCsvPath, "utf8");
  check(
    trendsCsv.includes("Trends by month,February 2026,Computers that reported,30\r\n") &&
      trendsCsv.includes("Trends by month,Total,Requests received,13\r\n") &&
      trendsCsv.includes("Trends by month,Total,Reads of people's data,14\r\n"),
    "CSV: the trends' February and total",
  );
  const marchLines = trendsCsv.split("\r\n").filter((l) => l.startsWith("Trends by month,March"));
  check(
    marchLines.length === 6 &&
      marchLines.every((l) => /,(\*|14|47 %)$/.test(l)),
    `CSV: March's lines are hidden but for the undeclared 14 (${marchLines})`,
  );
  check(
    !trendsCsv.split("\r\n").some((l) => /^Trends by month,(March|February) 2026,(Requests|Reads).*,[0-9]+$/.test(l)),
    "CSV: no number for March's or February's requests and reads",
  );

  // The workplace, for a period of its own (for January, the workplace minus the units already
  // released would be Jura: the differencing guard).
  answer = await ask(page, "all", "2026-01-01", "2026-01-31");
  check(answer.status() === 200, `the workplace's report: status ${answer.status()}`);
  // Every figure of Jura's row hidden (the empty cell is the bar's, and it has no bar).
  const jura = await rowCells(page, "units", "Jura");
  check(
    jura && jura.filter((c) => c !== "").length === 5 && jura.every((c) => c === "*" || c === ""),
    `Jura's row is all hidden (${jura})`,
  );
  check(
    (await page.locator("section#units tbody tr:has(th:text-is('Jura')) svg").count()) === 0,
    "Jura has no bar",
  );
  check((await cell(page, "units", "Total", "People")) === "45", "45 people in the workplace");
  check((await cell(page, "units", "Udvikling", "People")) === "30", "Udvikling's 30 by unit");
  // Jura's people hidden alone would be 45 - 30 - 12: Salg's 12, the smallest other, goes too.
  check((await cell(page, "units", "Salg", "People")) === "*", "Salg's 12 hidden with Jura");
  check((await cell(page, "units", "Salg", "People with undeclared monitoring")) === "0",
        "Salg's 0 undeclared shown");
  check(
    !/\b3\b/.test((await rowCells(page, "units", "Jura")).join(" ")),
    "Jura's 3 people never shown",
  );
  await shot(page, "workplace");

  // Drill-down: Udvikling's row links to the form filled in for Udvikling and the same period;
  // the report is then asked for like any other, and here the differencing guard refuses it:
  // the workplace minus Udvikling minus Salg (both rows shown) would be Jura's people.
  await Promise.all([page.waitForNavigation(), page.click("section#units a.drill:text-is('Udvikling')")]);
  check(
    (await page.inputValue("select#scope")) === "unit:Udvikling" &&
      (await page.inputValue("input#from")) === "2026-01-01" &&
      (await page.inputValue("input#to")) === "2026-01-31",
    "the drill-down fills the form in for Udvikling and the same period",
  );
  check((await page.locator("table").count()) === 0, "the drill-down alone makes no report");
  const [drilled] = await Promise.all([
    page.waitForNavigation(),
    page.click("form.stack button[type=submit]"),
  ]);
  check(drilled.status() === 409, `the drilled-down report is refused: ${drilled.status()}`);
  const guard = await page.textContent("div.error");
  check(
    /would leave fewer people than the minimum group size 10/.test(guard) && !/\b3\b/.test(guard),
    `the guard's reason, without Jura's size: ${guard}`,
  );
  check((await page.locator("table").count()) === 0, "no figures of the refused drill-down");

  // A unit smaller than the minimum group size: refused, no table.
  answer = await ask(page, "unit:Jura", "2026-01-01", "2026-02-01");
  check(answer.status() === 409, `Jura's report is refused (status ${answer.status()})`);
  check((await page.locator("table").count()) === 0, "a refused report shows no table");
  const refusal = await page.textContent("div.error");
  check(/fewer people than the minimum group size 10/.test(refusal), `the refusal says why`);
  check(!/\b3\b/.test(refusal), `the refusal does not give Jura's 3 people away: ${refusal}`);
  await shot(page, "refused");

  // Danish.
  await page.click('p.lang a[href="/council/reports?lang=da"]');
  check((await page.textContent("h1")) === "Rapporter til samarbejdsudvalget", "Danish heading");
  check(
    (await page.textContent("section#alerts h2")) === "Alarmer (2)" &&
      /^1 anmodning fra en medarbejder er åben efter fristen\. Siden 2026-01-20\.$/.test(
        await page.textContent("section#alerts li.alert-overdue_requests"),
      ),
    "Danish alerts, no longer new at the second visit",
  );
  check(
    /^0 nye siden dit sidste besøg \d{4}-\d{2}-\d{2}\.$/.test(
      await page.textContent("section#alerts p.hint"),
    ),
    "nothing new since the last visit",
  );
  check(
    (await page.textContent("form.stack button[type=submit]")) === "Lav rapporten",
    "Danish button",
  );
  answer = await ask(page, "unit:Udvikling", "2026-01-01", "2026-02-01");
  check(answer.status() === 200, "Udvikling's report again, in Danish (a repeat passes)");
  check(
    (await cell(page, "summary", "Udvikling", "Personer")) === "30",
    "Danish: Personer 30",
  );
  check(/Mindste gruppestørrelse: 10/.test(await page.textContent("main")), "Danish: k = 10");
  check(
    (await page.textContent("section#trends h2")) === "Måned for måned" &&
      /^Computere, der har rapporteret pr\. måned: januar 2026: 30$/.test(
        (await page.getAttribute("figure#trend-computers_reported svg", "aria-label")) || "",
      ),
    "Danish trends and chart label",
  );
  await shot(page, "danish");

  // The print stylesheet: no form, no navigation, the tables stay.
  await page.emulateMedia({ media: "print" });
  const printed = await page.evaluate(() => ({
    form: getComputedStyle(document.querySelector("form.stack")).display,
    nav: getComputedStyle(document.querySelector("nav.crumbs")).display,
    table: getComputedStyle(document.querySelector("section#summary table")).display,
  }));
  check(
    printed.form === "none" && printed.nav === "none",
    `print hides the form and nav (${JSON.stringify(printed)})`,
  );
  check(printed.table === "table", "print keeps the tables");
  const printedChart = await page.evaluate(() => {
    const svg = document.querySelector("section#trends svg.trend");
    return svg ? getComputedStyle(svg).display : "missing";
  });
  check(printedChart !== "none" && printedChart !== "missing", `print keeps the trend charts (${printedChart})`);
  await shot(page, "print");
  await page.emulateMedia({ media: "screen" });

  check(cspViolations.length === 0, `no Content-Security-Policy violations: ${cspViolations}`);
  await context.close();
} finally {
  await browser.close();
}

const seconds = ((Date.now() - started) / 1000).toFixed(1);
console.log(`council.mjs: ${checks - failures.length} of ${checks} checks passed in ${seconds} s`);
process.exit(failures.length === 0 ? 0 : 1);
