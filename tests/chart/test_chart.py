"""The Helm chart (charts/parley), tested without a cluster.

Helm's own library (helm-python-sdk, Helm's Go code behind a C ABI) lints the chart and renders it for each values
file in tests/chart/values/; kubernetes-validate checks every rendered object against the Kubernetes schemas of the
oldest and the newest version the chart supports; the assertions read the rendered objects. Run:
    .venv/bin/python -m pytest -q tests/chart
"""

from __future__ import annotations

import base64
import copy
import json
import os
import re
import socket
import subprocess
import time
import tomllib
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import helm_python as helm
import kubernetes_validate
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
CHART = ROOT / "charts" / "parley"
VALUES = Path(__file__).resolve().parent / "values"
# The oldest Kubernetes the chart supports (Chart.yaml's kubeVersion) and the newest kubernetes-validate ships.
KUBE_VERSIONS = ["1.27.0", kubernetes_validate.utils.latest_version()]
# Custom resources kubernetes-validate has no schema for; their fields are asserted below instead.
CUSTOM_KINDS = {("cert-manager.io/v1", "Certificate")}
RELEASE, NAMESPACE = "parley", "crm"


def values(name: str) -> dict:
    return yaml.safe_load((VALUES / f"{name}.yaml").read_text())


def with_changes(name: str, **dotted) -> dict:
    """A values file with some keys set: with_changes("defaults", **{"web.replicas": 3})."""
    v = copy.deepcopy(values(name))
    for key, value in dotted.items():
        node = v
        *parents, leaf = key.split(".")
        for p in parents:
            node = node.setdefault(p, {})
        node[leaf] = value
    return v


@pytest.fixture(scope="module")
def chart():
    with helm.Chart.load(CHART) as c:
        yield c


def render(chart, vals: dict) -> list[dict]:
    manifests = chart.render(values=vals, name=RELEASE, namespace=NAMESPACE, is_install=True)
    objects = []
    for path, text in manifests.items():
        if path.endswith("NOTES.txt"):
            continue
        objects.extend(doc for doc in yaml.safe_load_all(text) if doc)
    return objects


def notes(chart, vals: dict) -> str:
    manifests = chart.render(values=vals, name=RELEASE, namespace=NAMESPACE, is_install=True)
    return next(text for path, text in manifests.items() if path.endswith("NOTES.txt"))


def find(objects, kind: str, name: str | None = None) -> list[dict]:
    return [o for o in objects if o["kind"] == kind and (name is None or o["metadata"]["name"] == name)]


def one(objects, kind: str, name: str | None = None) -> dict:
    found = find(objects, kind, name)
    assert len(found) == 1, f"expected one {kind} {name or ''}, found {[o['metadata']['name'] for o in found]}"
    return found[0]


def pod_spec(obj: dict) -> dict:
    if obj["kind"] == "CronJob":
        return obj["spec"]["jobTemplate"]["spec"]["template"]["spec"]
    return obj["spec"]["template"]["spec"]


def deployment(objects, component: str) -> dict:
    return one(objects, "Deployment", f"{RELEASE}-{component}")


VALUE_FILES = sorted(p.stem for p in VALUES.glob("*.yaml"))


def test_the_values_files_cover_the_cases_the_chart_promises():
    assert {"defaults", "scaled", "existing-secret", "backups"} <= set(VALUE_FILES)


def test_app_version_is_the_workspace_version(chart):
    cargo = tomllib.loads((ROOT / "Cargo.toml").read_text())
    assert chart.metadata["appVersion"] == cargo["workspace"]["package"]["version"]
    assert chart.metadata["kubeVersion"].startswith(">=1.27")


@pytest.mark.parametrize("name", VALUE_FILES)
@pytest.mark.parametrize("kube", KUBE_VERSIONS)
def test_the_chart_lints_clean(name, kube):
    report = helm.lint(CHART, values(name), strict=True, namespace=NAMESPACE, kube_version=f"v{kube}")
    problems = [m for m in report["messages"] if m["severity"] >= 2] + report["errors"]
    assert not problems, problems


@pytest.mark.parametrize("name", VALUE_FILES)
@pytest.mark.parametrize("kube", KUBE_VERSIONS)
def test_every_object_is_valid_kubernetes(chart, name, kube):
    objects = render(chart, values(name))
    assert len(objects) >= 8
    for obj in objects:
        if (obj["apiVersion"], obj["kind"]) in CUSTOM_KINDS:
            continue
        try:
            kubernetes_validate.validate(obj, kube, strict=True)
        except kubernetes_validate.ValidationError as e:
            raise AssertionError(f"{obj['kind']} {obj['metadata']['name']} on {kube}: {e.message} at {e.path}")


@pytest.mark.parametrize("name", VALUE_FILES)
def test_every_object_carries_the_standard_labels(chart, name):
    for obj in render(chart, values(name)):
        labels = obj["metadata"]["labels"]
        assert labels["app.kubernetes.io/name"] == "parley"
        assert labels["app.kubernetes.io/instance"] == RELEASE
        assert labels["app.kubernetes.io/managed-by"] == "Helm"
        assert labels["app.kubernetes.io/version"] == "0.1.0"
        assert labels["helm.sh/chart"] == "parley-0.1.0"


@pytest.mark.parametrize("name", VALUE_FILES)
def test_migrations_are_a_plain_job_named_after_version_and_config(chart, name):
    objects = render(chart, values(name))
    job = one(objects, "Job")
    assert re.fullmatch(r"parley-migrate-0\.1\.0-[0-9a-f]{8}", job["metadata"]["name"]), job["metadata"]["name"]
    annotations = job["metadata"].get("annotations", {}) | job["spec"]["template"]["metadata"].get("annotations", {})
    assert not [a for a in annotations if a.startswith("helm.sh/hook")], annotations
    container = one_container(pod_spec(job))
    assert container["args"] == ["migrate", "--no-backup"]
    assert pod_spec(job)["restartPolicy"] == "Never"


def one_container(spec: dict) -> dict:
    assert len(spec["containers"]) == 1
    return spec["containers"][0]


def env_names(container: dict) -> set[str]:
    return {e["name"] for e in container.get("env", [])}


def test_the_worker_is_probed_on_its_own_port(chart):
    spec = pod_spec(deployment(render(chart, values("defaults")), "worker"))
    worker = one_container(spec)
    (port,) = worker["ports"]
    assert (port["name"], port["containerPort"]) == ("probes", 9090)
    listen = [e["value"] for e in worker["env"] if e["name"] == "PARLEY_WORKER_LISTEN"]
    assert listen == ["0.0.0.0:9090"]
    assert worker["livenessProbe"]["httpGet"] == {"path": "/healthz", "port": "probes"}
    assert worker["readinessProbe"]["httpGet"] == {"path": "/readyz", "port": "probes"}
    # A probe given in the values replaces the default one.
    custom = {"exec": {"command": ["true"]}, "periodSeconds": 30}
    replaced = pod_spec(deployment(render(chart, with_changes("defaults", **{"worker.readinessProbe": custom})), "worker"))
    assert one_container(replaced)["readinessProbe"] == custom
    assert one_container(replaced)["livenessProbe"]["httpGet"]["path"] == "/healthz"
    with pytest.raises(helm.HelmError, match="probePort"):
        render(chart, with_changes("defaults", **{"worker.probePort": 8080}))


@pytest.mark.parametrize("name", VALUE_FILES)
def test_web_and_worker_wait_for_the_migrations_and_never_migrate_themselves(chart, name):
    objects = render(chart, values(name))
    job_name = one(objects, "Job")["metadata"]["name"]
    config = one(objects, "ConfigMap")["data"]
    assert config["PARLEY_DATABASE__AUTO_MIGRATE"] == "false"
    for component, args in [("web", ["serve"]), ("worker", ["worker"])]:
        spec = pod_spec(deployment(objects, component))
        (init,) = spec["initContainers"]
        assert init["name"] == "wait-for-migrations"
        script = " ".join(init["command"])
        assert "parley migrate --check" in script and job_name in script
        assert {"DATABASE_URL", "PARLEY_DATABASE__APP_PASSWORD"} <= env_names(init)
        assert init["envFrom"] == [{"configMapRef": {"name": RELEASE}}]
        assert one_container(spec)["args"] == args


@pytest.mark.parametrize("name", VALUE_FILES)
def test_pods_run_as_non_root_on_a_read_only_root_with_a_tmp_volume(chart, name):
    objects = render(chart, values(name))
    pods = find(objects, "Deployment") + find(objects, "Job") + find(objects, "CronJob")
    for obj in pods:
        spec = pod_spec(obj)
        assert spec["securityContext"]["runAsNonRoot"] is True
        assert spec["automountServiceAccountToken"] is False
        for c in spec["containers"] + spec.get("initContainers", []):
            sc = c["securityContext"]
            assert sc["readOnlyRootFilesystem"] is True and sc["allowPrivilegeEscalation"] is False
            assert sc["capabilities"]["drop"] == ["ALL"]
            assert {"name": "tmp", "mountPath": "/tmp"} in c["volumeMounts"]
            assert c["resources"]["requests"]["memory"]
        assert {"name": "tmp", "emptyDir": {}} in spec["volumes"]


@pytest.mark.parametrize("name", VALUE_FILES)
def test_web_probes_are_the_servers_health_and_readiness_paths(chart, name):
    container = one_container(pod_spec(deployment(render(chart, values(name)), "web")))
    assert container["livenessProbe"]["httpGet"] == {"path": "/healthz", "port": "http"}
    assert container["readinessProbe"]["httpGet"] == {"path": "/readyz", "port": "http"}
    assert container["startupProbe"]["httpGet"]["path"] == "/healthz"
    assert container["ports"] == [{"name": "http", "containerPort": 8080, "protocol": "TCP"}]
    # The server reads its port from PORT and listens on every interface.
    config = one(render(chart, values(name)), "ConfigMap")["data"]
    assert config["PORT"] == "8080" and config["PARLEY_SERVER__HOST"] == "0.0.0.0"


def test_the_server_really_serves_the_probed_paths():
    # The probes must name paths the binary routes (crates/http/src/lib.rs), not guesses.
    lib = (ROOT / "crates" / "http" / "src" / "lib.rs").read_text()
    assert '.route("/healthz"' in lib and '.route("/readyz"' in lib


@pytest.mark.parametrize("name", VALUE_FILES)
def test_both_components_have_a_disruption_budget_selecting_their_pods(chart, name):
    objects = render(chart, values(name))
    for component in ["web", "worker"]:
        pdb = one(objects, "PodDisruptionBudget", f"{RELEASE}-{component}")
        pod_labels = deployment(objects, component)["spec"]["template"]["metadata"]["labels"]
        assert pdb["spec"]["selector"]["matchLabels"].items() <= pod_labels.items()
        assert "maxUnavailable" in pdb["spec"] or "minAvailable" in pdb["spec"]


def test_checksum_config_is_stable_and_follows_every_config_value(chart):
    def checksums(vals):
        objects = render(chart, vals)
        sums = {
            o["metadata"]["name"]: o["spec"]["template"]["metadata"]["annotations"]["checksum/config"]
            for o in find(objects, "Deployment")
        }
        assert len(set(sums.values())) == 1, sums
        return next(iter(sums.values())), one(objects, "Job")["metadata"]["name"]

    base, job = checksums(values("defaults"))
    # The same values render the same hash and Job, though the generated secrets differ on every render.
    assert checksums(values("defaults")) == (base, job)
    for change in [
        {"config.log.level": "debug"},
        {"config.mail.from": "Acme <crm@acme.example>"},
        {"database.url": "postgres://parley:rotated@db.example.com:5432/parley"},
        {"secrets.smtpPassword": "new-smtp-password"},
        {"config.env": {"PARLEY_CAMPAIGNS__BATCH": "50"}},
    ]:
        changed, changed_job = checksums(with_changes("defaults", **change))
        assert changed != base, change
        assert changed_job != job, change
    # A new version names a new Job.
    _, new_version_job = checksums(with_changes("defaults", **{"image.tag": "0.2.0"}))
    assert new_version_job.startswith("parley-migrate-0.2.0-")


def decoded(secret: dict) -> dict[str, str]:
    return {k: base64.b64decode(v).decode() for k, v in secret["data"].items()}


def test_the_generated_secret_holds_real_random_secrets(chart):
    first = decoded(one(render(chart, values("defaults")), "Secret"))
    second = decoded(one(render(chart, values("defaults")), "Secret"))
    assert first["database-url"] == values("defaults")["database"]["url"]
    assert first["redis-url"] == values("defaults")["redis"]["url"]
    generated = ["jwt-secret", "encryption-keys", "app-password", "system-password", "auth-password"]
    for key in generated:
        value = first[key]
        assert value != second[key], f"{key} is not random"
        assert not re.search(r"change.?me|placeholder|secret|password|example|your[-_ ]", value, re.I), value
        assert len(set(value)) > 10, value
    assert len(first["jwt-secret"]) >= 32
    # The format the binary reads (crates/services/src/crypto.rs): a list of `id:base64-of-32-bytes`.
    keys = json.loads(first["encryption-keys"])
    assert len(keys) == 1 and keys[0].startswith("k1:")
    assert len(base64.b64decode(keys[0][3:], validate=True)) == 32
    # Empty optional secrets are left out rather than stored empty.
    assert "stripe-secret-key" not in first and "smtp-password" not in first


def test_the_generated_secret_survives_upgrades_and_uninstall(chart):
    template = next(t["data"] for t in chart.templates if t["name"] == "templates/secret.yaml")
    assert 'lookup "v1" "Secret"' in template
    secret = one(render(chart, values("defaults")), "Secret")
    assert secret["metadata"]["annotations"]["helm.sh/resource-policy"] == "keep"


def test_pods_read_the_secret_under_the_names_the_binary_reads(chart):
    objects = render(chart, values("scaled"))
    secret_keys = set(one(objects, "Secret")["data"])
    container = one_container(pod_spec(deployment(objects, "web")))
    refs = {e["name"]: e["valueFrom"]["secretKeyRef"] for e in container["env"]}
    assert refs["DATABASE_URL"]["key"] == "database-url" and "optional" not in refs["DATABASE_URL"]
    assert refs["PARLEY_SECURITY__ENCRYPTION_KEYS"]["key"] == "encryption-keys"
    assert refs["PARLEY_MEDIA__S3__SECRET_ACCESS_KEY"]["optional"] is True
    assert {r["name"] for r in refs.values()} == {RELEASE}
    # Every required reference exists in the generated Secret.
    assert {r["key"] for r in refs.values() if not r.get("optional")} <= secret_keys
    config = one(objects, "ConfigMap")["data"]
    assert not re.search(r"password|secret", json.dumps(config), re.I)
    for name in set(refs) | (set(config) - set(values("scaled")["config"]["env"])):
        assert binary_reads(name), f"{name} is no variable the binary reads"


def binary_reads(name: str) -> bool:
    """PARLEY_<SECTION>__<KEY>[__<KEY>] names a field of the configuration structs, or it is one of the usual names
    (apps/parley/src/config.rs, crates/media/src/config.rs)."""
    if name in {"DATABASE_URL", "REDIS_URL", "PORT"}:
        return True
    sources = (ROOT / "apps/parley/src/config.rs").read_text() + (ROOT / "crates/media/src/config.rs").read_text()
    parts = name.removeprefix("PARLEY_").lower().split("__")
    return name.startswith("PARLEY_") and all(re.search(rf"\b(pub )?{p}: ", sources) for p in parts)


def test_an_existing_secret_replaces_the_generated_one(chart):
    objects = render(chart, values("existing-secret"))
    assert not find(objects, "Secret")
    for component in ["web", "worker"]:
        container = one_container(pod_spec(deployment(objects, component)))
        refs = {e["valueFrom"]["secretKeyRef"]["name"] for e in container["env"] if "valueFrom" in e}
        assert refs == {"parley-managed"}
    config = one(objects, "ConfigMap")["data"]
    assert config["PARLEY_SERVER__PUBLIC_URL"] == "https://parley.internal.example.com"


def test_scaled_out_has_autoscalers_ingress_tls_and_a_certificate(chart):
    objects = render(chart, values("scaled"))
    for component, (low, high) in {"web": (3, 10), "worker": (2, 8)}.items():
        hpa = one(objects, "HorizontalPodAutoscaler", f"{RELEASE}-{component}")
        assert hpa["apiVersion"] == "autoscaling/v2"
        assert hpa["spec"]["scaleTargetRef"]["name"] == f"{RELEASE}-{component}"
        assert (hpa["spec"]["minReplicas"], hpa["spec"]["maxReplicas"]) == (low, high)
        # The autoscaler owns the replica count; the Deployment does not fight it.
        assert "replicas" not in deployment(objects, component)["spec"]
        assert "affinity" not in pod_spec(deployment(objects, component))
    ingress = one(objects, "Ingress")
    assert ingress["spec"]["ingressClassName"] == "nginx"
    assert ingress["spec"]["tls"] == [{"hosts": ["crm.example.com"], "secretName": "crm-example-com-tls"}]
    backend = ingress["spec"]["rules"][0]["http"]["paths"][0]["backend"]["service"]
    assert backend == {"name": RELEASE, "port": {"name": "http"}}
    cert = one(objects, "Certificate")
    assert cert["spec"]["secretName"] == "crm-example-com-tls"
    assert cert["spec"]["dnsNames"] == ["crm.example.com"]
    assert cert["spec"]["issuerRef"] == {"name": "letsencrypt-http01", "kind": "ClusterIssuer", "group": "cert-manager.io"}
    config = one(objects, "ConfigMap")["data"]
    assert config["PARLEY_SERVER__PUBLIC_URL"] == "https://crm.example.com"
    assert config["PARLEY_MEDIA__BACKEND"] == "s3" and config["PARLEY_MEDIA__S3__BUCKET"] == "parley-media"
    assert config["PARLEY_CAMPAIGNS__CONCURRENCY"] == "32"
    assert not find(objects, "PersistentVolumeClaim")


def test_config_env_adds_variables_and_wins_over_the_charts_own(chart):
    vals = with_changes("defaults", **{"config.env": {"PARLEY_LOG__LEVEL": "debug", "PARLEY_BACKUP__SCHEDULE": "04:00"}})
    manifests = chart.render(values=vals, name=RELEASE, namespace=NAMESPACE, is_install=True)
    text = manifests["parley/templates/configmap.yaml"]
    # One key each (a duplicate key would be refused by the API server or silently lose one).
    assert text.count("PARLEY_LOG__LEVEL:") == 1 and text.count("PARLEY_BACKUP__SCHEDULE:") == 1
    config = one(render(chart, vals), "ConfigMap")["data"]
    assert config["PARLEY_LOG__LEVEL"] == "debug" and config["PARLEY_BACKUP__SCHEDULE"] == "04:00"
    assert all(isinstance(v, str) for v in config.values())


def test_local_media_keeps_web_and_worker_on_one_volume_and_node(chart):
    objects = render(chart, values("defaults"))
    assert one(objects, "PersistentVolumeClaim")["metadata"]["name"] == f"{RELEASE}-media"
    web, worker = deployment(objects, "web"), deployment(objects, "worker")
    for d in (web, worker):
        assert d["spec"]["replicas"] == 1 and d["spec"]["strategy"] == {"type": "Recreate"}
        volumes = {v["name"]: v for v in pod_spec(d)["volumes"]}
        assert volumes["media"]["persistentVolumeClaim"]["claimName"] == f"{RELEASE}-media"
    required = pod_spec(worker)["affinity"]["podAffinity"]["requiredDuringSchedulingIgnoredDuringExecution"]
    assert required[0]["labelSelector"]["matchLabels"]["app.kubernetes.io/component"] == "web"
    assert one(objects, "ConfigMap")["data"]["PARLEY_MEDIA__LOCAL_DIR"] == "/data/media"


def test_backups_run_parley_backup_on_a_schedule_only_when_enabled(chart):
    assert not find(render(chart, values("defaults")), "CronJob")
    objects = render(chart, values("backups"))
    cron = one(objects, "CronJob")
    assert cron["spec"]["schedule"] == "15 3 * * *" and cron["spec"]["timeZone"] == "Europe/Berlin"
    assert cron["spec"]["concurrencyPolicy"] == "Forbid"
    spec = pod_spec(cron)
    container = one_container(spec)
    assert container["args"] == ["backup", "--scheduled", "--to", "/backups"]
    mounts = {m["name"]: m["mountPath"] for m in container["volumeMounts"]}
    assert mounts == {"tmp": "/tmp", "media": "/data/media", "backups": "/backups"}
    claims = {p["metadata"]["name"]: p for p in find(objects, "PersistentVolumeClaim")}
    assert claims[f"{RELEASE}-backups"]["spec"]["resources"]["requests"]["storage"] == "100Gi"
    # The admin's Backups page (web and worker) sees the same directory; the worker schedules none of its own.
    config = one(objects, "ConfigMap")["data"]
    assert config["PARLEY_BACKUP__DIR"] == "/backups" and config["PARLEY_BACKUP__SCHEDULE"] == ""
    for component in ["web", "worker"]:
        mounts = one_container(pod_spec(deployment(objects, component)))["volumeMounts"]
        assert {"name": "backups", "mountPath": "/backups"} in mounts
    # Both share the ReadWriteOnce volumes with the backup pod: one node.
    assert pod_spec(cron)["affinity"]["podAffinity"]["requiredDuringSchedulingIgnoredDuringExecution"]
    # Backups to S3 need no volume; the pods stage them in /tmp and upload them.
    s3 = render(chart, with_changes("backups", **{"backup.destination": "s3://parley-backups/nightly"}))
    assert one_container(pod_spec(one(s3, "CronJob")))["args"] == ["backup", "--scheduled", "--to", "s3://parley-backups/nightly"]
    assert f"{RELEASE}-backups" not in {p["metadata"]["name"] for p in find(s3, "PersistentVolumeClaim")}
    s3_config = one(s3, "ConfigMap")["data"]
    assert s3_config["PARLEY_BACKUP__S3_URL"] == "s3://parley-backups/nightly"
    assert s3_config["PARLEY_BACKUP__DIR"].startswith("/tmp/")
    # Scaled out on S3 media, S3 backups add no node constraint.
    scaled = render(chart, with_changes("scaled", **{"backup": {"enabled": True, "destination": "s3://parley-backups/k8s"}}))
    assert "affinity" not in pod_spec(one(scaled, "CronJob"))
    assert "strategy" not in deployment(scaled, "web")["spec"]


def test_without_backups_the_worker_makes_none_on_a_read_only_disk(chart):
    config = one(render(chart, values("defaults")), "ConfigMap")["data"]
    assert config["PARLEY_BACKUP__SCHEDULE"] == ""
    assert "PARLEY_BACKUP__DIR" not in config and "PARLEY_BACKUP__S3_URL" not in config


def test_notes_say_how_to_reach_parley_and_make_the_first_admin(chart):
    text = notes(chart, values("defaults"))
    assert "port-forward service/parley 8080:80" in text
    assert "parley admin create-platform-admin --email" in text
    assert "https://crm.example.com/" in notes(chart, values("scaled"))


def refused(chart, vals: dict) -> str:
    with pytest.raises(helm.HelmError) as schema_error:
        chart.validate_schema(vals)
    # Rendering (what install and upgrade do) refuses the same values.
    with pytest.raises(helm.HelmError):
        chart.render(values=vals, name=RELEASE, namespace=NAMESPACE, is_install=True)
    return str(schema_error.value)


def test_the_schema_accepts_every_values_file(chart):
    for name in VALUE_FILES:
        chart.validate_schema(values(name))


@pytest.mark.parametrize(
    "change",
    [
        {"web.replicas": 3},
        {"worker.replicas": 2},
        {"web.autoscaling": {"enabled": True}},
        {"worker.autoscaling": {"enabled": True}},
    ],
    ids=["web-replicas", "worker-replicas", "web-hpa", "worker-hpa"],
)
def test_more_than_one_pod_with_local_media_is_refused(chart, change):
    message = refused(chart, with_changes("defaults", **change))
    assert "media" in message and "backend" in message, message
    # The same with S3 is accepted.
    chart.validate_schema(with_changes("defaults", **change, **{"media.backend": "s3", "media.s3.bucket": "media"}))


@pytest.mark.parametrize(
    "change, key",
    [
        ({"web.replicas": "three"}, "replicas"),
        ({"config.signupEnabled": "yes"}, "signupEnabled"),
        ({"service.port": 70000}, "port"),
        ({"media.backend": "nfs"}, "backend"),
        ({"config.log.format": "xml"}, "format"),
        ({"image.pullPolicy": "Sometimes"}, "pullPolicy"),
        ({"database.url": "mysql://db/parley"}, "url"),
        ({"database.url": ""}, "url"),
        ({"redis.url": "db.example.com:6379"}, "url"),
        ({"image.repository": ""}, "repository"),
        ({"media.backend": "s3"}, "bucket"),
        ({"backup.destination": "backups"}, "destination"),
        ({"config.env": {"lower_case": "x"}}, "lower_case"),
        ({"web.replica": 2}, "replica"),
    ],
    ids=lambda x: json.dumps(x) if isinstance(x, dict) else x,
)
def test_bad_values_are_refused_by_the_schema(chart, change, key):
    message = refused(chart, with_changes("defaults", **change))
    assert key in message, message


def test_an_existing_secret_makes_the_urls_optional(chart):
    chart.validate_schema(values("existing-secret"))
    refused(chart, with_changes("existing-secret", existingSecret=""))


@pytest.mark.parametrize(
    "change, words",
    [
        ({"certificate": {"enabled": True, "issuerRef": {"name": "le"}}}, "ingress.enabled"),
        ({"ingress": {"enabled": True, "hosts": []}}, "ingress.hosts"),
        ({"media.backend": "s3", "media.s3.bucket": "media", "web.autoscaling": {"enabled": True, "minReplicas": 5, "maxReplicas": 2}}, "maxReplicas"),
        ({"media.backend": "s3", "media.s3.bucket": "media", "web.replicas": 2, "backup": {"enabled": True}}, "ReadWriteOnce"),
    ],
    ids=["certificate-without-ingress", "ingress-without-hosts", "hpa-min-above-max", "backup-directory-shared-by-pods"],
)
def test_combinations_the_schema_cannot_state_fail_the_render(chart, change, words):
    vals = with_changes("defaults", **change)
    with pytest.raises(helm.HelmError) as e:
        chart.render(values=vals, name=RELEASE, namespace=NAMESPACE, is_install=True)
    assert words in str(e.value)


# --- The rendered configuration runs the real binary ---------------------------------------------------------------
# The pods' environment (the ConfigMap plus the Secret, as the containers name them) given to the real `parley` against
# the local PostgreSQL and Redis: the Job migrates, the wait loop's check turns green, web serves /healthz and /readyz,
# the worker starts, and none of them writes outside its volumes (the root file system is read-only in the pods).

PARLEY_BIN = Path(os.environ.get("PARLEY_BIN", "/var/tmp/parley-target/debug/parley"))


def pod_env(objects, container: dict, overrides: dict[str, str]) -> dict[str, str]:
    config = one(objects, "ConfigMap")["data"]
    secret = decoded(one(objects, "Secret"))
    env = {"PATH": os.environ["PATH"], "RUST_LOG": "warn"} | dict(config)
    for e in container["env"]:
        if "value" in e:
            env[e["name"]] = e["value"]
            continue
        ref = e["valueFrom"]["secretKeyRef"]
        if ref["key"] in secret:
            env[e["name"]] = secret[ref["key"]]
        else:
            assert ref.get("optional"), f"{e['name']} needs {ref['key']}, which the Secret lacks"
    return env | overrides


def run_parley(args: list[str], env: dict, cwd: Path, timeout: int = 120) -> subprocess.CompletedProcess:
    # The command the container runs: the Deployment's args, the init container's script, the Job's args.
    return subprocess.run([str(PARLEY_BIN), *args], env=env, cwd=cwd, capture_output=True, text=True, timeout=timeout)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=2) as r:
            return r.status
    except urllib.error.HTTPError as e:
        return e.code
    except OSError:
        return 0


@pytest.mark.skipif(not PARLEY_BIN.exists(), reason="no parley binary (scripts/test builds it and sets PARLEY_BIN)")
def test_the_rendered_configuration_runs_the_real_binary(chart, tmp_path):
    db = f"parley_chart_{uuid.uuid4().hex[:12]}"
    vals = with_changes(
        "backups",
        **{"database.url": f"postgres://postgres@127.0.0.1:5432/{db}", "redis.url": "redis://127.0.0.1:6379"},
    )
    objects = render(chart, vals)
    media, backups, cwd = tmp_path / "media", tmp_path / "backups", tmp_path / "root"
    for d in (media, backups, cwd):
        d.mkdir()
    port, probe_port = free_port(), free_port()
    # Only what differs on this machine: the volumes' mount points and free ports.
    overrides = {
        "PARLEY_MEDIA__LOCAL_DIR": str(media),
        "PARLEY_BACKUP__DIR": str(backups),
        "PORT": str(port),
        "PARLEY_WORKER_LISTEN": f"127.0.0.1:{probe_port}",
    }
    job = one_container(pod_spec(one(objects, "Job")))
    web_spec, worker_spec = pod_spec(deployment(objects, "web")), pod_spec(deployment(objects, "worker"))
    init = web_spec["initContainers"][0]
    check_args = ["migrate", "--check"]
    assert "parley " + " ".join(check_args) in init["command"][-1]
    procs = []
    try:
        before = run_parley(check_args, pod_env(objects, init, overrides), cwd)
        assert before.returncode != 0, before.stdout
        migrated = run_parley(job["args"], pod_env(objects, job, overrides), cwd)
        assert migrated.returncode == 0, migrated.stdout + migrated.stderr
        after = run_parley(check_args, pod_env(objects, init, overrides), cwd)
        assert after.returncode == 0 and "up to date" in after.stdout, after.stdout + after.stderr

        for spec in (web_spec, worker_spec):
            container = one_container(spec)
            procs.append(
                subprocess.Popen(
                    [str(PARLEY_BIN), *container["args"]],
                    env=pod_env(objects, container, overrides),
                    cwd=cwd,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.PIPE,
                    text=True,
                )
            )
        web, worker = procs
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while get(f"{base}/readyz") != 200:
            assert web.poll() is None, web.stderr.read()
            assert time.monotonic() < deadline, "web never became ready"
            time.sleep(0.3)
        assert get(f"{base}/healthz") == 200
        # The worker's probes answer on its own port, as the Deployment's probes ask.
        deadline = time.monotonic() + 30
        while get(f"http://127.0.0.1:{probe_port}/readyz") != 200:
            assert worker.poll() is None, worker.stderr.read()
            assert time.monotonic() < deadline, "the worker's probe port never answered ready"
            time.sleep(0.3)
        assert get(f"http://127.0.0.1:{probe_port}/healthz") == 200
        assert get(f"http://127.0.0.1:{probe_port}/api/v1/config") == 404, "the probe port serves nothing else"
        # The runtime roles work with the generated passwords: a request through the app and auth pools.
        with urllib.request.urlopen(f"{base}/api/v1/config", timeout=5) as r:
            assert json.load(r)["version"] == "0.1.0"
        # The backup CronJob's command writes a backup with its manifest to the backup volume.
        cron = one_container(pod_spec(one(objects, "CronJob")))
        assert cron["args"][-1] == "/backups"
        made = run_parley([*cron["args"][:-1], str(backups)], pod_env(objects, cron, overrides), cwd)
        assert made.returncode == 0, made.stdout + made.stderr
        manifests = list(backups.rglob("manifest.json"))
        assert len(manifests) == 1, list(backups.rglob("*"))
        manifest = json.loads(manifests[0].read_text())
        assert (manifest["parleyVersion"], manifest["reason"]) == ("0.1.0", "scheduled")
        assert "retention removed" in made.stdout, made.stdout
        # Nothing was written outside the mounted volumes (no secrets file, no media, no backups in the work dir).
        assert list(cwd.iterdir()) == []
    finally:
        for p in procs:
            p.terminate()
        for p in procs:
            try:
                p.wait(timeout=15)
            except subprocess.TimeoutExpired:
                p.kill()
        subprocess.run(
            ["psql", "-q", "-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-c",
             f"drop database if exists {db} with (force)"],
            capture_output=True,
        )


def test_the_dockerfile_builds_the_image_the_chart_expects(chart):
    """No container daemon here to build it: the image's promises to the chart are read from the Dockerfile."""
    text = (ROOT / "Dockerfile").read_text()
    final = text.split("\nFROM ")[-1]
    defaults = values("defaults")
    chart_values = yaml.safe_load((CHART / "values.yaml").read_text())
    user = re.search(r"^USER (\d+)$", final, re.M)
    assert user and int(user.group(1)) == chart_values["podSecurityContext"]["runAsUser"]
    dist = chart_values["config"]["webDistDir"]
    assert re.search(rf"^COPY --from=web \S+ {re.escape(dist)}$", final, re.M), "the web app where the chart looks"
    assert "postgresql-client" in final and " tar " in final, "pg_dump, pg_restore and tar for backups"
    assert re.search(r'^ENTRYPOINT \["parley"\]$', final, re.M)
    # The pods give only arguments: the image's entrypoint is the binary; the init container's script needs /bin/sh.
    for component in ["web", "worker"]:
        spec = pod_spec(deployment(render(chart, defaults), component))
        assert "command" not in one_container(spec)
        assert spec["initContainers"][0]["command"][0] == "/bin/sh"
    assert "debian" in final.split("\n")[0], "a base with /bin/sh"
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert {"target/", "web/node_modules/", ".git/"} <= set(ignored), "the build context stays small"
