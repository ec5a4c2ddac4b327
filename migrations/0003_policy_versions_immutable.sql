-- An adopted policy version is a record of the Ente (its adoption act says so): rows may be
-- inserted, never changed or removed. Only the draft is editable.
CREATE OR REPLACE FUNCTION policy_versions_refuse_change() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'policy_versions is immutable (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER policy_versions_immutable
  BEFORE UPDATE OR DELETE ON policy_versions
  FOR EACH ROW EXECUTE FUNCTION policy_versions_refuse_change();
--> statement-breakpoint
CREATE TRIGGER policy_versions_no_truncate
  BEFORE TRUNCATE ON policy_versions
  FOR EACH STATEMENT EXECUTE FUNCTION policy_versions_refuse_change();
