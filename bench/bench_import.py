"""End-to-end import speed and memory, side by side with Odoo's own import.

    python3 bench/bench_import.py                 # 1k and 10k rows, queue with 2 workers
    python3 bench/bench_import.py --repeat 3      # the fastest of 3 runs each
    python3 bench/bench_import.py --sizes 10000,100000 --workers 1,2,4
    python3 bench/bench_import.py --methods ours --workers '' --profile /tmp/prof

Generates Belgian client lists (accounts with 1-3 contacts, about 5% of the
accounts already in Odoo, about 3% of the rows with a bad e-mail and VAT number,
kept with warnings) and imports each one, in a fresh process on a fresh copy of
a template database, with:

- ours: crm_client_import end to end (validation, identity rules, matching, tags,
  assignees, folders, Notify and Email sync, the write log), plus the review step
  (plan and database matching) timed apart; portal logins off (Odoo's own user
  creation, about a tenth of a second each, which no other method makes);
- base_import: Odoo's own import used the way a user must: the companies file,
  then the contacts file with ``parent_id/id``, in 2,000-row requests;
- create: a bare batch ``create()`` of the same companies then contacts;
- create+copy: the same, each contact given its account's address, VAT and
  language first (Odoo's parent-to-child sync then has nothing to write);
- queue xN (``--workers``, 2 by default): ours through the job queue
  (crm_client_import_queue), portal logins off as for ours, started as the screens
  start it, run by an Odoo server with N workers and queue_job's runner (channel
  capacity N), timed from the start to the end of the import; the peak memory is
  the largest of the server's processes, and where the time went (the queue jobs,
  the CPU of Odoo and of PostgreSQL) is printed under the table.

Needs an installed Odoo 18 and PostgreSQL (a throwaway cluster is made in /tmp).
The same file runs inside ``odoo shell`` as the worker of one measurement.
"""

import argparse
import cProfile
import csv
import io
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

REPO_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
METHODS = ("ours", "base_import", "create")  # and "create+copy"
FIRST_NAMES = ["Jan", "Els", "Pieter", "Marie", "Luc", "Sofie", "Koen", "An", "Wim", "Lotte"]
LAST_NAMES = ["Peeters", "Janssens", "Maes", "Jacobs", "Mertens", "Willems", "Claes", "Goossens"]
CITIES = [("9000", "Gent"), ("2000", "Antwerpen"), ("1000", "Brussel"), ("3000", "Leuven")]
FORMS = ["BV", "NV", "VOF", "CommV", "VZW"]
HEADER = [
    "Account name", "Account type", "VAT number", "Street", "Zip", "City", "Country",
    "Language", "Tags", "First name", "Last name", "Email", "Phone", "Mobile", "National number",
]  # fmt: skip


# --- data ------------------------------------------------------------------


def be_vat(number):
    base = f"0{number % 10**7:07d}"[:8]
    return f"BE{base}{97 - int(base) % 97:02d}"


def be_national_number(number):
    body = f"{80 + number % 20:02d}{1 + number % 12:02d}{1 + number % 28:02d}{number % 997 + 1:03d}"
    return body + f"{97 - int(body) % 97:02d}"


def client_rows(size, seed=7):
    """``size`` contact rows; returns (rows, accounts) where accounts lists each
    account's (name, vat)."""
    chance = random.Random(seed)
    rows, accounts = [], []
    account_number = 0
    while len(rows) < size:
        account_number += 1
        zip_code, city = chance.choice(CITIES)
        name = f"{chance.choice(LAST_NAMES)} {account_number} {chance.choice(FORMS)}"
        vat = be_vat(1_000_000 + account_number * 7)
        accounts.append((name, vat))
        for _contact in range(chance.randint(1, 3)):
            if len(rows) == size:
                break
            n = len(rows)
            first, last = chance.choice(FIRST_NAMES), chance.choice(LAST_NAMES)
            email = f"{first}.{last}.{n}@example.be".lower()
            row_vat = vat
            if chance.random() < 0.03:  # invalid on purpose
                email, row_vat = email.replace("@", ""), vat[:-1] + "0"
            rows.append(
                [name, "Company", row_vat, f"Kerkstraat {n % 200 + 1}", zip_code, city, "BE",
                 "nl", "Bench", first, last, email, f"+3292{n % 10**6:06d}",
                 f"0470{n % 10**6:06d}", be_national_number(n)]
            )  # fmt: skip
    return rows, accounts


def csv_text(header, rows):
    output = io.StringIO()
    csv.writer(output).writerows([header, *rows])
    return output.getvalue()


# --- the worker, inside `odoo shell` ---------------------------------------------


def peak_rss_mb():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0


def worker(env, method, size, data_dir, profile=None):
    """One measurement. The list was written to ``data_dir`` by the orchestrator, so
    that the peak memory measured is the import's, not the generator's."""
    with open(os.path.join(data_dir, "existing.json")) as existing:
        # About 5% of the accounts are already in Odoo.
        env["res.partner"].create(
            [{"name": name, "vat": vat, "is_company": True} for name, vat in json.load(existing)]
        )
    env.cr.commit()
    clients_path = os.path.join(data_dir, "clients.csv")
    if method != "ours":
        with open(clients_path, newline="") as clients:
            rows = list(csv.reader(clients))[1:]
    baseline = peak_rss_mb()
    result = {"method": method, "size": size}
    started = time.perf_counter()
    if method == "ours":
        result.update(run_ours(env, clients_path, profile))
    elif method == "base_import":
        run_base_import(env, rows)
    else:
        run_create(env, rows, copy_from_account=method == "create+copy")
    elapsed = time.perf_counter() - started - result.get("review_seconds", 0.0)
    result.update(
        seconds=round(elapsed, 2),
        rows_per_second=round(size / elapsed),
        peak_rss_mb=round(peak_rss_mb()),
        peak_above_start_mb=round(peak_rss_mb() - baseline),
    )
    print("RESULT " + json.dumps(result))


def run_ours(env, clients_path, profile=None):
    tag = env["res.partner.category"].create({"name": "Imported"})
    member = env["res.users"].search([("login", "=", "bench_member")])
    with open(clients_path, "rb") as clients:
        job = env["crm.client.import.job"].create_from_file(clients.read(), "clients.csv")
    # Portal logins are Odoo's own user creation, about a tenth of a second each, and
    # no other method here makes them: they are left out of the comparison.
    job.write(
        {
            "tag_ids": [(6, 0, tag.ids)],
            "assignee_ids": [(6, 0, member.ids)],
            "portal_login": False,
            "spouse_portal_login": False,
        }
    )
    env.cr.commit()
    started = time.perf_counter()
    job.action_review()
    review_seconds = time.perf_counter() - started
    review_peak = peak_rss_mb()
    env.cr.commit()
    if profile:
        # The planning processes are not in it: their time shows as waiting for a batch.
        profiler = cProfile.Profile()
        profiler.runcall(job.run_now)
        profiler.dump_stats(profile)
    else:
        job.run_now()
    return {
        "review_seconds": round(review_seconds, 2),
        "peak_rss_mb_after_review": round(review_peak),
        "state": job.state,
        "skipped": job.rows_skipped,
        "accounts": job.accounts_created,
        "contacts": job.contacts_created,
    }


def start_queue(env, size, data_dir, workers):
    """Prepare a queue measurement, then start the import as the screens do: the
    job queue's server (already up) runs it. Prints when it started."""
    with open(os.path.join(data_dir, "existing.json")) as existing:
        env["res.partner"].create(
            [{"name": name, "vat": vat, "is_company": True} for name, vat in json.load(existing)]
        )
    env.ref("crm_client_import_queue.channel_client_import").capacity = workers
    # Whatever its size, the import goes to the job queue (not at once in this shell).
    env["ir.config_parameter"].set_param("crm_client_import.sync_row_limit", "0")
    tag = env["res.partner.category"].create({"name": "Imported"})
    member = env["res.users"].search([("login", "=", "bench_member")])
    with open(os.path.join(data_dir, "clients.csv"), "rb") as clients:
        job = env["crm.client.import.job"].create_from_file(clients.read(), "clients.csv")
    job.write(
        {
            "tag_ids": [(6, 0, tag.ids)],
            "assignee_ids": [(6, 0, member.ids)],
            "portal_login": False,  # as for "ours"
            "spouse_portal_login": False,
        }
    )
    job.action_review()
    env.cr.commit()
    started = time.time()
    job.action_start()
    env.cr.commit()
    print("STARTED " + json.dumps({"job": job.id, "at": started, "size": size}))


def run_base_import(env, rows):
    """Companies first, then contacts pointing at them, 2,000 rows per request."""
    companies, contacts, seen = [], [], {}
    for row in rows:
        name, _type, vat, street, zip_code, city, _country, _lang, tags = row[:9]
        first, last, email, phone, mobile = row[9:14]
        if name not in seen:
            seen[name] = f"__bench__.account_{len(seen)}"
            companies.append(
                [seen[name], name, "1", vat, street, zip_code, city, "Belgium", "nl_BE", tags]
            )
        contacts.append([seen[name], f"{first} {last}", email, phone, mobile])
    company_fields = ["id", "name", "is_company", "vat", "street", "zip", "city",
                      "country_id", "lang", "category_id"]  # fmt: skip
    contact_fields = ["parent_id/id", "name", "email", "phone", "mobile"]
    for fields, data in ((company_fields, companies), (contact_fields, contacts)):
        importer = env["base_import.import"].create(
            {"res_model": "res.partner", "file": csv_text(fields, data).encode(),
             "file_type": "text/csv", "file_name": "bench.csv"}
        )  # fmt: skip
        for skip in range(0, len(data), 2000):
            options = {"has_headers": True, "quoting": '"', "separator": ",", "encoding": "utf-8",
                       "skip": skip, "limit": 2000,
                       "name_create_enabled_fields": {"category_id": True}}  # fmt: skip
            outcome = importer.execute_import(fields, fields, options)
            errors = [m for m in outcome.get("messages", []) if m.get("type") == "error"]
            if errors:
                raise RuntimeError(errors[:3])
            env.cr.commit()


def run_create(env, rows, copy_from_account):
    Partner = env["res.partner"].with_context(tracking_disable=True, mail_create_nolog=True)
    be = env.ref("base.be").id
    accounts = {}
    for row in rows:
        name, _type, vat, street, zip_code, city = row[:6]
        accounts.setdefault(
            name,
            {"name": name, "is_company": True, "vat": vat, "street": street, "zip": zip_code,
             "city": city, "country_id": be, "lang": "nl_BE"},
        )  # fmt: skip
    names = list(accounts)
    ids = {}
    for start in range(0, len(names), 500):
        chunk = names[start : start + 500]
        for name, partner in zip(chunk, Partner.create([accounts[n] for n in chunk]), strict=True):
            ids[name] = partner.id
        env.cr.commit()
    for start in range(0, len(rows), 500):
        vals_list = []
        for row in rows[start : start + 500]:
            vals = {"parent_id": ids[row[0]], "name": f"{row[9]} {row[10]}", "email": row[11],
                    "phone": row[12], "mobile": row[13]}  # fmt: skip
            if copy_from_account:
                account = accounts[row[0]]
                vals.update({key: account[key] for key in
                             ("street", "zip", "city", "country_id", "vat", "lang")})  # fmt: skip
            vals_list.append(vals)
        Partner.create(vals_list)
        env.cr.commit()
        env.invalidate_all()


# --- the orchestrator ------------------------------------------------------------


def write_client_list(data_dir, size):
    """The list as a CSV file, and the accounts already in Odoo (one in 20)."""
    rows, accounts = client_rows(size)
    os.makedirs(data_dir)
    with open(os.path.join(data_dir, "clients.csv"), "w", newline="") as clients:
        clients.write(csv_text(HEADER, rows))
    with open(os.path.join(data_dir, "existing.json"), "w") as existing:
        json.dump(accounts[::20], existing)


def shell(command):
    return subprocess.run(["bash", "-c", command], capture_output=True, text=True, check=False)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[1])
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--methods", default=",".join(METHODS))
    parser.add_argument(
        "--repeat", type=int, default=1, help="measure each this many times, keep the fastest"
    )
    parser.add_argument(
        "--workers",
        default="2",
        help="ours through the job queue too, with these numbers of workers ('' for none)",
    )
    parser.add_argument(
        "--profile", help="a directory: cProfile statistics of ours' run at each size go there"
    )
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    methods = args.methods.split(",")
    methods += [f"queue x{workers}" for workers in args.workers.split(",") if workers]

    work = tempfile.mkdtemp(prefix="cci-bench.")
    os.chmod(work, 0o755)
    common = f"source {REPO_DIR}/tools/common.sh"
    setup = shell(
        f"{common} && find_odoo && pg_start {work}/pg '-c fsync=off -c synchronous_commit=off' "
        f'&& echo "$PG_SOCKET|$ODOO_ADDONS_PATH"'
    )
    if setup.returncode:
        sys.exit(setup.stderr.strip() or "Could not start PostgreSQL or find Odoo 18.")
    socket, addons = setup.stdout.strip().splitlines()[-1].split("|")
    odoo = [sys.executable, "-m", "odoo"]
    connection = [f"--addons-path={addons}", f"--db_host={socket}", "--db_user=odoo",
                  "--log-level=error", f"--data-dir={work}/data"]  # fmt: skip
    psql = ["psql", "-h", socket, "-U", "postgres", "-d", "postgres", "-qc"]
    try:
        print("Preparing a template database (contacts, base_import, crm_client_import)...")
        addons = "contacts,base_import,crm_client_import" + (",queue_job" if args.workers else "")
        subprocess.run(
            [*odoo, *connection, "-d", "bench_template", "-i", addons,
             "--without-demo=all", "--stop-after-init"],
            check=True, capture_output=True,
        )  # fmt: skip
        prepare = (
            "env['res.users'].create({'name': 'Bench member', 'login': 'bench_member'});"
            "env['res.lang']._activate_lang('nl_BE');env.company.country_id = env.ref('base.be');"
            "env.cr.commit()"
        )
        subprocess.run([*odoo, "shell", *connection, "-d", "bench_template", "--no-http"],
                       input=prepare, text=True, check=True, capture_output=True)  # fmt: skip
        results = []
        for size in sizes:
            data_dir = os.path.join(work, f"data_{size}")
            write_client_list(data_dir, size)
            runs = {method: [] for method in methods}
            # The methods take turns, so that a slow spell of the machine hits them alike.
            for _round in range(args.repeat):
                for method in methods:
                    if method.startswith("queue"):
                        run = measure_queue(odoo, connection, psql, method, size, data_dir, work)
                    else:
                        profile = args.profile and method == "ours"
                        profile = profile and os.path.abspath(f"{args.profile}/ours_{size}.prof")
                        run = measure(odoo, connection, psql, method, size, data_dir, profile)
                    if run:
                        print(json.dumps(run))
                        runs[method].append(run)
            for method in methods:
                if runs[method]:
                    results.append(min(runs[method], key=lambda run: run["seconds"]))
        print_table(results)
    finally:
        shell(f"{common} && pg_stop {work}/pg")
        shutil.rmtree(work, ignore_errors=True)


def fresh_database(psql):
    database = "bench_run"
    subprocess.run([*psql, f"DROP DATABASE IF EXISTS {database}"], check=True)
    subprocess.run([*psql, f"CREATE DATABASE {database} TEMPLATE bench_template"], check=True)
    return database


def measure(odoo, connection, psql, method, size, data_dir, profile=None):
    """One import in a fresh process on a fresh copy of the template database; with
    ``profile``, a cProfile of ours' run (not its review) is written there."""
    arguments = (method, size, data_dir, profile)
    return odoo_shell(odoo, connection, fresh_database(psql), "RESULT ", "worker", *arguments)


def odoo_shell(odoo, connection, database, marker, function, *args):
    """Call ``function`` of this file with ``env`` and ``args`` in an Odoo shell on
    ``database``; returns the JSON it printed after ``marker``, or None."""
    script = (
        f"import runpy\nbench = runpy.run_path({__file__!r})\nbench[{function!r}](env, *{args!r})\n"
    )
    run = subprocess.run(
        [*odoo, "shell", *connection, "-d", database, "--no-http"],
        input=script, text=True, capture_output=True,
    )  # fmt: skip
    lines = [line for line in run.stdout.splitlines() if line.startswith(marker)]
    if not lines:
        print(f"{function}{args}: failed\n{run.stderr[-2000:]}")
        return None
    return json.loads(lines[-1][len(marker) :])


def measure_queue(odoo, connection, psql, method, size, data_dir, work):
    """One import through the job queue: an Odoo server with N workers and queue_job's
    runner on a fresh copy of the template database, the import started as the
    screens start it, timed until it and its portal step have ended."""
    workers = int(method.rpartition("x")[2])
    database = fresh_database(psql)
    port, gevent_port = free_port(), free_port()
    # odoo-bin: a server with workers starts its websocket process with its first argument.
    odoo_bin = [odoo[0], os.path.join(odoo_root(odoo), "odoo-bin")]
    server = subprocess.Popen(
        [*odoo_bin, *connection, "-d", database, f"--db-filter=^{database}$",
         f"--workers={workers}", "--max-cron-threads=0", "--load=base,web,queue_job",
         "--http-interface=127.0.0.1", f"--http-port={port}", f"--gevent-port={gevent_port}"],
        env=dict(os.environ, ODOO_QUEUE_JOB_MAX_CAPACITY=str(workers)),
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    try:
        wait_for_port(port)
        started = odoo_shell(
            odoo, connection, database, "STARTED ", "start_queue", size, data_dir, workers
        )
        if not started:
            return None
        cpu_before = cpu_seconds(server.pid), postgres_seconds(work)
        peak = {}
        while True:
            sample_peak_memory(server.pid, peak)
            [(state, portal)] = sql(psql, database, JOB_END, started["job"])
            if state in ("done", "failed", "cancelled") and portal != "queued":
                break
            if server.poll() is not None:
                print(f"{method} {size}: the server stopped")
                return None
            time.sleep(0.2)
        elapsed = time.time() - started["at"]
        odoo_cpu = cpu_seconds(server.pid) - cpu_before[0]
        postgres_cpu = postgres_seconds(work) - cpu_before[1]
        jobs = sql(psql, database, QUEUE_JOBS)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(60)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
    return {
        "method": method,
        "size": size,
        "state": state,
        "seconds": round(elapsed, 2),
        "rows_per_second": round(size / elapsed),
        "peak_rss_mb": round(max(peak.values(), default=0)),
        "where": time_spent(jobs, elapsed, workers, odoo_cpu, postgres_cpu),
    }


JOB_END = "SELECT state, portal_state FROM crm_client_import_job WHERE id = %s"
# Seconds each queue job ran, by the import's step.
QUEUE_JOBS = """SELECT method_name, count(*), sum(exec_time), max(retry),
                       extract(epoch FROM max(date_done) - min(date_started))
                  FROM queue_job GROUP BY method_name"""


def sql(psql, database, query, *params):
    """Rows of ``query`` (``%s`` filled with ``params``, numbers only) on ``database``."""
    text = query % tuple(int(param) for param in params)
    command = [psql[0], *psql[1:5], "-d", database, "-tAF", "\t", "-c", text]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return [tuple(line.split("\t")) for line in output.splitlines() if line]


def time_spent(jobs, elapsed, workers, odoo_cpu, postgres_cpu):
    """Where the time of a queue import went, in one line."""
    steps = {name: (int(count), float(busy or 0), int(retry or 0), float(span or 0))
             for name, count, busy, retry, span in jobs}  # fmt: skip
    split = steps.get("_queue_start", (0, 0.0, 0, 0.0))[1]
    end = steps.get("_queue_end", (0, 0.0, 0, 0.0))[1]
    parts, busy, retries, span = steps.get("_queue_run_part", (0, 0.0, 0, 0.0))
    return (
        f"split {split:.1f} s; {parts} parts busy {busy:.1f} s over {span:.1f} s "
        f"({busy / span / workers if span else 0:.0%} of {workers} workers, "
        f"{retries} runs at most); end and portal step {end:.1f} s; "
        f"CPU: Odoo {odoo_cpu:.0f} s, PostgreSQL {postgres_cpu:.0f} s, "
        f"for {elapsed:.0f} s x {os.cpu_count()} cores"
    )


def odoo_root(odoo):
    command = [*odoo[:1], "-c", "import odoo, os; print(os.path.dirname(odoo.__path__[0]))"]
    return subprocess.run(command, check=True, capture_output=True, text=True).stdout.strip()


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port, timeout=120):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise RuntimeError(f"the Odoo server did not listen on port {port}")


def group_pids(group):
    pids = []
    for stat in os.listdir("/proc"):
        if stat.isdigit():
            try:
                with open(f"/proc/{stat}/stat") as status:
                    fields = status.read().rpartition(")")[2].split()
            except OSError:
                continue
            if int(fields[2]) == group:
                pids.append(int(stat))
    return pids


def sample_peak_memory(group, peak):
    """The peak memory (VmHWM, MB) of each process of the group, so far."""
    for pid in group_pids(group):
        try:
            with open(f"/proc/{pid}/status") as status:
                for line in status:
                    if line.startswith("VmHWM:"):
                        peak[pid] = max(peak.get(pid, 0), int(line.split()[1]) / 1024)
        except OSError:
            continue


def process_cpu(pid, children=True):
    """CPU seconds of a process, and of the children it has waited for."""
    try:
        with open(f"/proc/{pid}/stat") as status:
            fields = status.read().rpartition(")")[2].split()
    except OSError:
        return 0.0
    ticks = int(fields[11]) + int(fields[12])
    if children:
        ticks += int(fields[13]) + int(fields[14])
    return ticks / os.sysconf("SC_CLK_TCK")


def cpu_seconds(group):
    return sum(process_cpu(pid) for pid in group_pids(group))


def postgres_seconds(work):
    """CPU seconds of the bench's PostgreSQL: the server, its live and its ended backends."""
    with open(os.path.join(work, "pg", "data", "postmaster.pid")) as pid_file:
        postmaster = int(pid_file.readline())
    backends = [pid for pid in map(int, filter(str.isdigit, os.listdir("/proc")))
                if parent_of(pid) == postmaster]  # fmt: skip
    return process_cpu(postmaster) + sum(process_cpu(pid, children=False) for pid in backends)


def parent_of(pid):
    try:
        with open(f"/proc/{pid}/stat") as status:
            return int(status.read().rpartition(")")[2].split()[1])
    except OSError:
        return None


# (method, other, target): the speed ratios of issue 17, printed when both ran.
RATIOS = [
    ("ours", "base_import", 2.0),
    ("ours", "create", 1.4),
    ("queue x1", "base_import", 2.0),
    ("queue x2", "base_import", 2.0),
    ("queue x2", "queue x1", 1.4),
    ("queue x2", "ours", 1.4),
    ("queue x2", "create", 1.4),
]


def print_table(results):
    columns = ("rows", "method", "rows/s", "seconds", "peak RSS MB", "review s")
    print("\n{:>7} {:<12} {:>8} {:>8} {:>12} {:>9}".format(*columns))
    by_key = {(r["size"], r["method"]): r for r in results}
    for result in results:
        print(
            f"{result['size']:>7} {result['method']:<12} {result['rows_per_second']:>8} "
            f"{result['seconds']:>8} {result['peak_rss_mb']:>12} "
            f"{result.get('review_seconds', ''):>9}"
        )
    print("\nTargets (ratios in this run):")
    for size in sorted({r["size"] for r in results}):
        speed = {method: by_key[(size, method)]["rows_per_second"]
                 for method in methods_at(by_key, size)}  # fmt: skip
        for method, other, target in RATIOS:
            if method in speed and other in speed:
                ratio = speed[method] / speed[other]
                verdict = f"target >={target}: {'met' if ratio >= target else 'NOT met'}"
                print(f"  {size} rows: {method} / {other} = {ratio:.2f} ({verdict})")
        for method in speed:
            if method == "ours" or method.startswith("queue"):
                peak = by_key[(size, method)]["peak_rss_mb"]
                print(f"  {size} rows: {method} peak RSS of a process {peak} MB "
                      "(target <= 300 MB at 100k)")  # fmt: skip
        if "ours" in speed:
            review = by_key[(size, "ours")]["review_seconds"]
            print(f"  {size} rows: review {review} s (target <= 30 s at 100k)")
    for method in dict.fromkeys(method for _size, method in by_key):
        sizes = sorted(size for size, other in by_key if other == method)
        if len(sizes) > 1:
            small, large = by_key[(sizes[0], method)], by_key[(sizes[-1], method)]
            growth = (large["seconds"] / small["seconds"]) / (sizes[-1] / sizes[0])
            print(f"  {method}: time per row, {sizes[0]} -> {sizes[-1]} rows: x{growth:.2f} "
                  "(1.0 = linear)")  # fmt: skip
    wheres = [result for result in results if result.get("where")]
    if wheres:
        print("\nWhere the time of the job queue went:")
        for result in wheres:
            print(f"  {result['size']} rows, {result['method']}: {result['where']}")


def methods_at(by_key, size):
    return [method for other, method in by_key if other == size]


if __name__ == "__main__":
    main()
