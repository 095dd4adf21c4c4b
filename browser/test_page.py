"""The page and the report in a real browser: Debian's chromium, driven headless by selenium
through Debian's chromium-driver. Run by `make test` (browser/run); a screenshot of the plan page
is kept in out/browser-test/.

What a new user does, in order: create a scenario from a preset, upload a table with an error and
see it at its line, run, see the KPIs and a chart drawn, ask why for a student, download the
outputs and find them byte for byte what `careplan run` writes. The report opens from a file with
no network and draws every chart. Two runs are compared from the History page. Stopping the server
cancels its queued run and interrupts the running one, leaving no folder. Schemathesis finds the
JSON API as openapi.yaml describes it. No page logs an error to the console.
"""
import io
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import unittest
import urllib.request
import zipfile

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CAREPLAN = os.environ.get("CAREPLAN_BINARY", os.path.join(ROOT, ".build", "debug", "careplan"))
OUTPUT = os.path.join(ROOT, "out", "browser-test")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium")
    for flag in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,2000"]:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    # Debian's driver, named outright: selenium must not fetch one.
    return webdriver.Chrome(service=Service(shutil.which("chromedriver") or "/usr/bin/chromedriver"), options=options)


def severe(driver, expected=()):
    """Errors on the console, but for the refusals a test provoked on purpose (Chrome logs every 4xx)."""
    return [e for e in driver.get_log("browser") if e["level"] == "SEVERE" and not any(x in e["message"] for x in expected)]


class OwnServer:
    """A `careplan serve` of its own on a workspace of its own, for the tests that stop or flood it."""

    def __init__(self, workspace):
        port = free_port()
        self.process = subprocess.Popen([CAREPLAN, "serve", "--port", str(port), "--workspace", workspace],
                                        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        while "careplan serve: http" not in self.process.stdout.readline():
            if self.process.poll() is not None:
                raise RuntimeError("careplan serve ended")
        self.base = f"http://127.0.0.1:{port}/"

    def call(self, method, path, body=None):
        request = urllib.request.Request(self.base + path, method=method, headers={"X-Careplan": "1", "Content-Type": "application/json"},
                                         data=json.dumps(body).encode() if body is not None else None)
        return json.loads(urllib.request.urlopen(request).read())

    def close(self):
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        self.process.stdout.close()


class Page(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.scratch = tempfile.mkdtemp(prefix="careplan-browser-")
        cls.port = free_port()
        cls.server = subprocess.Popen([CAREPLAN, "serve", "--port", str(cls.port), "--workspace", os.path.join(cls.scratch, "ws")],
                                      stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        line = cls.server.stdout.readline()
        while "careplan serve: http" not in line:
            if cls.server.poll() is not None:
                raise RuntimeError("careplan serve ended: " + line)
            line = cls.server.stdout.readline()
        cls.base = f"http://127.0.0.1:{cls.port}/"
        cls.driver = browser()
        cls.wait = WebDriverWait(cls.driver, 120)

    @classmethod
    def tearDownClass(cls):
        cls.driver.quit()
        cls.server.terminate()
        cls.server.wait(10)
        shutil.rmtree(cls.scratch, ignore_errors=True)

    def open(self, fragment):
        self.driver.get(self.base + fragment)

    def create(self, name, source):
        self.open("#/")
        self.wait.until(EC.presence_of_element_located((By.ID, "new-name"))).send_keys(name)
        Select(self.driver.find_element(By.ID, "new-source")).select_by_value(source)
        for box in self.driver.find_elements(By.CSS_SELECTOR, "input.plan-box"):
            if box.is_selected() != (box.get_attribute("value") in ("mentors", "buddies", "staffing")):
                box.click()
        self.driver.find_element(By.ID, "create").click()
        self.wait.until(EC.url_contains("#/scenario/" + name))

    def test_1_upload_shows_the_error_at_its_line(self):
        tables = os.path.join(self.scratch, "tables")
        subprocess.run([CAREPLAN, "generate", "--district", "tiny", "--seed", "1", "--out", tables], check=True, capture_output=True)
        path = os.path.join(tables, "students.csv")
        with open(path) as f:
            lines = f.read().split("\n")
        header = lines[0].split(",")
        grade = header.index("grade")
        row = lines[4].split(",")
        row[grade] = "seventh"
        lines[4] = ",".join(row)
        column = sum(len(f) + 1 for f in row[:grade]) + 1   # the field's first character
        with open(path, "w") as f:
            f.write("\n".join(lines))
        self.create("uploaded", "")
        upload = self.wait.until(EC.presence_of_element_located((By.ID, "upload")))
        upload.send_keys("\n".join(os.path.join(tables, n) for n in ["students.csv", "mentors.csv"]))
        problem = self.wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "tr[data-table='students.csv'] td.problem")))
        self.wait.until(lambda d: problem.text != "")
        self.assertTrue(problem.text.startswith(f"line 5, column {column}: "), problem.text)
        self.assertIn('grade must be a grade from 1 to 12, found "seventh"', problem.text)
        summary = self.driver.find_element(By.ID, "invalid").text
        self.assertTrue(summary.startswith(f"students.csv, line 5, column {column}: "), summary)
        self.assertEqual(self.driver.find_element(By.ID, "run").get_attribute("disabled"), "true")
        self.assertEqual(severe(self.driver), [])

    def test_2_preset_run_plan_explain_download(self):
        self.create("street", "tiny")
        self.wait.until(EC.presence_of_element_located((By.ID, "valid")))
        # The policy form: a cap of 12, saved; a value out of range is refused next to its field.
        cap = self.driver.find_element(By.CSS_SELECTOR, "div.field[data-key='policy.mentor.cap'] input")
        cap.clear()
        cap.send_keys("5000")
        self.driver.find_element(By.ID, "save-policy").click()
        problem = self.wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "div.field[data-key='policy.mentor.cap'] .problem")))
        self.wait.until(lambda d: problem.text != "")
        self.assertIn("policy.mentor.cap must be a whole number from 0 to 1000", problem.text)
        self.assertIn("scenario.yaml, line", problem.text)
        cap.clear()
        cap.send_keys("12")
        work = self.driver.find_element(By.ID, "work-limit")
        work.send_keys("10")
        self.driver.find_element(By.ID, "save-policy").click()
        self.wait.until(EC.text_to_be_present_in_element((By.ID, "policy-message"), "Saved."))
        self.wait.until(EC.presence_of_element_located((By.ID, "valid")))
        self.wait.until(lambda d: d.find_element(By.ID, "run").get_attribute("disabled") is None)
        self.driver.find_element(By.ID, "run").click()
        self.wait.until(EC.url_contains("#/run/"))
        run_id = self.driver.current_url.rsplit("/", 1)[1]
        self.wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "section.plan[data-plan='mentors']")))
        self.assertIn("finished", self.driver.find_element(By.ID, "run-state").text)
        self.assertIn("Mentor assignment:", self.driver.find_element(By.ID, "log").text)
        # The KPIs, and a chart drawn with marks of real size.
        kpis = {r.get_attribute("data-key"): r.find_elements(By.TAG_NAME, "td")[1].text
                for r in self.driver.find_elements(By.CSS_SELECTOR, "section[data-plan='mentors'] table.kpis tr")}
        summary = json.loads(urllib.request.urlopen(self.base + f"api/runs/{run_id}/summary").read())
        self.assertEqual(re.sub(r"\D", "", kpis["students"]), str(summary["plans"]["mentors"]["kpis"]["students"]))
        self.assertEqual(re.sub(r"\D", "", kpis["assigned"]), str(summary["plans"]["mentors"]["kpis"]["assigned"]))
        chart = self.driver.find_element(By.CSS_SELECTOR, "svg[data-chart='mentor-coverage']")
        self.assertGreater(chart.size["width"], 300)
        bars = chart.find_elements(By.CSS_SELECTOR, "rect.good[data-value]")
        self.assertEqual(len(bars), 2)
        self.assertTrue(all(b.size["width"] > 10 for b in bars))
        # The largest mentor load the dots show is the cap at most.
        loads = [float(c.get_attribute("data-value")) for c in self.driver.find_elements(By.CSS_SELECTOR, "svg[data-chart='mentor-loads'] circle")]
        self.assertTrue(loads and max(loads) <= 12)
        # Sorting a table by a column.
        Select(self.driver.find_element(By.ID, "table-picker")).select_by_value("mentors/loads.csv")
        self.wait.until(EC.text_to_be_present_in_element((By.CSS_SELECTOR, "#table-view table.data thead"), "load"))
        header = [h for h in self.driver.find_elements(By.CSS_SELECTOR, "#table-view th") if h.text == "load"][0]
        header.click()
        header = [h for h in self.driver.find_elements(By.CSS_SELECTOR, "#table-view th") if h.text.startswith("load")][0]
        header.click()
        column = [h.text.split(" ")[0] for h in self.driver.find_elements(By.CSS_SELECTOR, "#table-view th")].index("load")
        shown = [int(r.find_elements(By.TAG_NAME, "td")[column].text) for r in self.driver.find_elements(By.CSS_SELECTOR, "#table-view tbody tr")]
        self.assertEqual(shown, sorted(shown, reverse=True))
        # Why, for a student: the same words as `careplan explain`.
        student = self.first_student(run_id)
        self.driver.find_element(By.ID, "why-id").send_keys(student)
        self.driver.find_element(By.ID, "why").click()
        answer = self.wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "#why-answer pre")))
        folder = os.path.join(self.scratch, "ws", "runs", run_id)
        cli = subprocess.run([CAREPLAN, "explain", "--out", folder, "--student", student], capture_output=True, text=True)
        self.assertEqual(cli.returncode, 0, cli.stderr)
        self.assertEqual("\n\n".join(p.text for p in self.driver.find_elements(By.CSS_SELECTOR, "#why-answer pre")), cli.stdout.strip())
        self.assertTrue(answer.text.startswith(f"Student {student}"))
        os.makedirs(OUTPUT, exist_ok=True)
        self.driver.save_screenshot(os.path.join(OUTPUT, "plan.png"))
        # The download: the whole folder, byte for byte what `careplan run` writes from the same scenario.
        href = self.driver.find_element(By.ID, "download-zip").get_attribute("href")
        archive = zipfile.ZipFile(io.BytesIO(urllib.request.urlopen(href).read()))
        scenario = os.path.join(self.scratch, "ws", "scenarios", "street", "scenario.yaml")
        direct = os.path.join(self.scratch, "direct")
        done = subprocess.run([CAREPLAN, "run", scenario, "--out", direct, "--no-history"], capture_output=True, text=True)
        self.assertIn(done.returncode, (0, 1), done.stderr)
        # Every file but careplan's own marker of the folders it writes.
        written = sorted(os.path.relpath(os.path.join(d, f), direct) for d, _, fs in os.walk(direct) for f in fs if f != ".careplan-output")
        self.assertEqual(sorted(n.split("/", 1)[1] for n in archive.namelist()), written)
        for name in written:
            ours = archive.read(f"{run_id}/{name}")
            with open(os.path.join(direct, name), "rb") as f:
                theirs = f.read()
            if name == "summary.json":
                ours, theirs = (self.timeless(json.loads(x)) for x in (ours, theirs))
            self.assertEqual(ours, theirs, name)
        # The one error: the cap of 5000, refused on purpose above.
        self.assertEqual(severe(self.driver, expected=["/api/scenarios/street - Failed to load resource: the server responded with a status of 400"]), [])

    def test_3_report_opens_offline_with_every_chart(self):
        # A run of every plan, reported to a file, opened with the network cut off.
        folder = os.path.join(self.scratch, "all")
        scenario = os.path.join(self.scratch, "all.yaml")
        with open(scenario, "w") as f:
            f.write("name: all\ngenerate: {district: tiny, seed: 1}\nplans: [mentors, buddies, staffing, roster, activities]\n"
                    "roster: {days: 7}\nactivities: {start: 2027-02-01, months: 2}\nsolver: {work_limit: 5, time_limit: 30}\n")
        done = subprocess.run([CAREPLAN, "run", scenario, "--out", folder, "--no-history"], capture_output=True, text=True)
        self.assertIn(done.returncode, (0, 1), done.stderr)
        report = os.path.join(self.scratch, "report.html")
        subprocess.run([CAREPLAN, "report", folder, "--out", report], check=True, capture_output=True)
        driver = browser()
        try:
            driver.set_network_conditions(offline=True, latency=0, download_throughput=0, upload_throughput=0)
            driver.get("file://" + report)
            charts = driver.find_elements(By.CSS_SELECTOR, "svg.chart")
            names = sorted(c.get_attribute("data-chart") for c in charts)
            self.assertEqual(names, sorted(["mentor-loads", "mentor-coverage", "buddy-grades", "staffing-streets", "roster-cover", "activities-months"]))
            for chart in charts:
                self.assertGreater(chart.size["width"], 200, chart.get_attribute("data-chart"))
                marks = chart.find_elements(By.CSS_SELECTOR, "rect[data-value], circle[data-value]")
                self.assertTrue(marks, chart.get_attribute("data-chart"))
                self.assertTrue(any(m.size["width"] > 0 for m in marks), chart.get_attribute("data-chart"))
            self.assertEqual(driver.execute_script("return performance.getEntriesByType('resource').length"), 0)
            self.assertEqual(severe(driver), [])
            os.makedirs(OUTPUT, exist_ok=True)
            driver.save_screenshot(os.path.join(OUTPUT, "report.png"))
        finally:
            driver.quit()

    def test_4_openapi_is_valid_and_matches_the_server(self):
        import yaml
        from openapi_spec_validator import validate
        spec = yaml.safe_load(urllib.request.urlopen(self.base + "openapi.yaml").read())
        validate(spec)
        # What the description says a scenario looks like is what the server sends.
        listed = json.loads(urllib.request.urlopen(self.base + "api/scenarios").read())
        required = spec["components"]["schemas"]["Scenario"]["required"]
        self.assertTrue(listed)
        for scenario in listed:
            self.assertTrue(all(k in scenario for k in required), scenario.keys())
        fields = json.loads(urllib.request.urlopen(self.base + "api/policy").read())
        kinds = spec["components"]["schemas"]["PolicyField"]["properties"]["kind"]["enum"]
        self.assertEqual(sorted({f["kind"] for f in fields}), sorted(kinds))

    def test_5_history_compares_two_runs(self):
        # A second run of the street scenario with a cap of 15 (test 2 ran it with 12), then the
        # history page: both runs listed, ticked, compared.
        self.open("#/scenario/street")
        cap = self.wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "div.field[data-key='policy.mentor.cap'] input")))
        cap.clear()
        cap.send_keys("15")
        self.driver.find_element(By.ID, "save-policy").click()
        self.wait.until(EC.text_to_be_present_in_element((By.ID, "policy-message"), "Saved."))
        self.wait.until(lambda d: d.find_element(By.ID, "run").get_attribute("disabled") is None)
        self.driver.find_element(By.ID, "run").click()
        self.wait.until(EC.url_contains("#/run/"))
        self.wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "section.plan[data-plan='mentors']")))
        recorded = json.loads(urllib.request.urlopen(self.base + "api/history").read())
        street = [r for r in recorded if r["scenario"] == "street"]
        self.assertGreaterEqual(len(street), 2, recorded)
        self.open("#/history")
        table = self.wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "table#history")))
        rows = table.find_elements(By.CSS_SELECTOR, "tbody tr")
        self.assertEqual(len(rows), len(recorded))
        ids = [str(r["id"]) for r in street[-2:]]
        for box in self.driver.find_elements(By.CSS_SELECTOR, "input.history-box"):
            if box.get_attribute("value") in ids:
                box.click()
        self.driver.find_element(By.ID, "compare-history").click()
        compared = self.wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "#comparison table[data-table='comparison']")))
        self.assertIn("history=" + ",".join(ids), self.driver.current_url)
        self.assertEqual(len(compared.find_elements(By.CSS_SELECTOR, "thead th")), 2 + 2)
        figures = [r.find_elements(By.TAG_NAME, "td")[1].text for r in compared.find_elements(By.CSS_SELECTOR, "tbody tr")]
        self.assertIn("students", figures)
        self.assertEqual(severe(self.driver), [])

    def test_6_stopping_the_server_stops_its_runs(self):
        # Its own server and workspace: one run under way, one queued, then Ctrl-C.
        workspace = os.path.join(self.scratch, "stopped")
        own = OwnServer(workspace)
        server, call, base = own.process, own.call, own.base
        try:
            # A four-week roster of the demo street with no work limit: many seconds in a debug build.
            call("POST", "api/scenarios", {"name": "long", "district": "zhoujiadu", "seed": 1, "plans": ["roster"], "policy": {},
                                           "roster_days": 28, "time_limit": 120})
            # Cancelled the moment it starts, before the run has set up its own handling of an
            # interrupt (one sent then is lost): cancelled all the same.
            at_once = call("POST", "api/scenarios/long/runs")["id"]
            call("POST", f"api/runs/{at_once}/cancel")
            deadline = time.time() + 60
            while call("GET", f"api/runs/{at_once}")["state"] == "running":
                self.assertLess(time.time(), deadline, "a cancel sent at once was lost")
                time.sleep(0.2)
            self.assertEqual(call("GET", f"api/runs/{at_once}")["state"], "cancelled")
            first = call("POST", "api/scenarios/long/runs")["id"]
            second = call("POST", "api/scenarios/long/runs")["id"]
            deadline = time.time() + 120
            while not any(line.startswith("careplan: roster") for line in call("GET", f"api/runs/{first}")["log"]):
                self.assertLess(time.time(), deadline, "the run never reported progress")
                time.sleep(0.2)
            # A page watching the run: its progress stream stays open until the run ends.
            watching = threading.Thread(target=lambda: urllib.request.urlopen(base + f"api/runs/{first}/events", timeout=120).read(), daemon=True)
            watching.start()
            time.sleep(0.5)
            server.send_signal(signal.SIGINT)
            server.wait(30)   # not held up by the open stream (nor by runs going on)
        finally:
            own.close()
        runs = os.path.join(workspace, "runs")
        self.assertEqual(sorted(os.listdir(runs)), sorted([f"{at_once}.json", f"{first}.json", f"{second}.json"]))   # no folder, not even a partial one
        with open(os.path.join(runs, f"{first}.json")) as f:
            interrupted = json.load(f)
        with open(os.path.join(runs, f"{second}.json")) as f:
            queued = json.load(f)
        self.assertEqual((interrupted["state"], interrupted["exit"]), ("cancelled", 130))
        self.assertIn("nothing was written", interrupted["log"][-1])
        self.assertEqual(queued["state"], "cancelled")

    def test_7_the_api_answers_as_openapi_yaml_says(self):
        # Schemathesis generates requests from openapi.yaml, valid and not (names, ids, bodies,
        # missing headers, sequences of calls), against a server of its own with one finished
        # run: no answer may be a server error, and every answer's status, type and body must be
        # what the description says. Left out: whether a request the schema allows is accepted
        # (a policy key's range, "runs or history", are rules a schema cannot state), and 405 for
        # methods a route does not have (the router answers 404).
        own = OwnServer(os.path.join(self.scratch, "schemathesis"))
        server, call, base = own.process, own.call, own.base
        try:
            call("POST", "api/scenarios", {"name": "tiny", "district": "tiny", "seed": 1, "plans": ["mentors"], "policy": {}})
            run = call("POST", "api/scenarios/tiny/runs")["id"]
            deadline = time.time() + 120
            while call("GET", f"api/runs/{run}")["state"] != "finished":
                self.assertLess(time.time(), deadline)
                time.sleep(0.2)
            st = os.path.join(os.path.dirname(sys.executable), "st")
            done = subprocess.run([st, "run", base + "openapi.yaml", "-H", "X-Careplan: 1", "--checks", "all",
                                   "--exclude-checks", "positive_data_acceptance,unsupported_method",
                                   "--max-examples", "30", "--seed", "1", "--generation-deterministic", "--workers", "1", "--no-color"],
                                  capture_output=True, text=True, timeout=600, cwd=self.scratch)   # its cache stays out of the checkout
            self.assertEqual(done.returncode, 0, done.stdout[-6000:] + done.stderr[-2000:])
            generated = re.search(r"(\d+) generated, (\d+) passed", done.stdout)
            self.assertTrue(generated and generated.group(1) == generated.group(2), done.stdout[-3000:])
            self.assertGreater(int(generated.group(1)), 500)
        finally:
            server.terminate()
            server.wait(60)
            own.close()

    def first_student(self, run_id):
        body = json.loads(urllib.request.urlopen(self.base + f"api/runs/{run_id}/tables/mentors/assignments.csv").read())
        return body["rows"][0][0]

    @staticmethod
    def timeless(summary):
        """summary.json without what differs between two runs of the same input: seconds and where the output went."""
        def strip(x):
            if isinstance(x, dict):
                return {k: strip(v) for k, v in x.items() if k not in ("seconds", "out", "path")}
            if isinstance(x, list):
                return [strip(v) for v in x if not (isinstance(v, dict) and v.get("key") == "seconds")]
            return x
        return strip(summary)


if __name__ == "__main__":
    unittest.main(verbosity=2)
