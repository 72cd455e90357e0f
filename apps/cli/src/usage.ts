/** `maillage --help`. */
export const USAGE = `Usage: maillage <command> [options]

Auditor's tools on the hub's event store, configured by the same environment as the hub
(MAILLAGE_DATA_DIR, MAILLAGE_EVENT_STORE, DATABASE_URL, MAILLAGE_AUDIT_SIGNING_KEY_FILE, ...).
Nothing here writes an event, but erase and retention approve (the operator's).

Commands:
  history    [--request ID | --authority A] [--from T] [--to T] [--type TYPE[,TYPE]]
             [--category C] [--format ndjson|csv] [--out FILE]
             Replays events (oldest first) as NDJSON or CSV, streamed.
  as-of      (--request ID | --authority A) --at T
             The request(s) as they stood at T (JSON, the read model's shape).
  verify     [--checkpoint-file F] [--bundle DIR] [--public-key PEM] [--json]
             Re-computes every hash, chain and checkpoint; --bundle verifies an export
             offline (no store); F is a checkpoints file kept outside the hub.
  checkpoint [--out FILE]
             Signs a checkpoint of the log at its head; --out writes every checkpoint and
             the public key to FILE, to keep outside the hub.
  export     --out DIR
             Writes a self-contained bundle (events, checkpoints, public key, manifest).
  import     --bundle DIR [--sqlite FILE]
             Rebuilds an empty store (the configured one, or FILE) from a bundle.
  public-key Prints the public key (PEM) that verifies the checkpoints.
  erase      (--subject ID | --contact EMAIL_OR_PHONE) --legal-basis CODE --requester TEXT
             Erases a citizen's personal data: destroys their key, records PersonalDataErased
             on each request that held it; prints what was erased (JSON). Idempotent. CODE:
             rgpd_art17_1a..rgpd_art17_1f or archives_disposal; TEXT names who asks (a service
             and a reference), never the citizen. The webhook dead letters are redacted,
             the Kafka ones (with KAFKA_BROKERS) sealed for good, and the erasure goes to
             the security log, as through the API.
  retention due [--as-of T]
             The closed requests whose retention period is over (JSON), for the archives
             service to approve. Destroys nothing.
  retention approve --approver TEXT --reference VISA --request ID [--request ID ...]
             Records the archives service's approval (RetentionDisposalApproved), then
             disposes of the requests: export for the archives when the policy says so,
             keys destroyed. Refused, recording nothing, if one is not due. Idempotent.
  dead-letters list [--connector ID] [--consumer C] [--source-topic T] [--from OFFSET]
             [--limit N]
             The Kafka dead letters (maillage.dlq.v1, needs KAFKA_BROKERS), payloads opened
             while their keys live (JSON; next: the --from of the next page).
  dead-letters show --id PARTITION-OFFSET
  dead-letters replay --id PARTITION-OFFSET
             Publishes a dead letter's payload again to its source topic, once (a second
             replay prints the first one's result). Refused (65) once erased.

Exit codes: 0 ok, 1 tampering found (verify) or import not identical, 2 usage error,
65 unreadable input (erase: an unknown subject, or a requester who is the citizen;
retention approve: a request unknown or not due; dead-letters: unknown, erased),
69 store unavailable, 70 other failure, 78 configuration error.
`;
