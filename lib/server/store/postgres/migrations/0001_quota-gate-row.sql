-- The one row every quota admission locks FOR UPDATE (see schema.ts, quotaGate).
INSERT INTO "quota_gate" ("id") VALUES (1) ON CONFLICT DO NOTHING;
