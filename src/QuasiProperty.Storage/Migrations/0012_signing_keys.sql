-- The public half of every key that signed an archived report, so that the portal can publish it and
-- anyone can verify a downloaded report with it. A key id is the SHA-256 of the public key, so a row
-- cannot name the wrong key; rows are permanent, like the reports they verify.
create table signing_keys (
    key_id          text primary key check (key_id ~ '^[0-9a-f]{64}$'),
    public_key_pem  text not null check (public_key_pem like '-----BEGIN PUBLIC KEY-----%'),
    development_key boolean not null,
    first_used_at   timestamptz not null default now()
);
create trigger signing_keys_permanent before update or delete on signing_keys for each row execute function qp_refuse_change();
create trigger signing_keys_no_truncate before truncate on signing_keys for each statement execute function qp_refuse_change();
