-- Rollback of a failed UPDATE (issue 16): what the action keeps to go back to the previous version,
-- written before the UPDATE touches Flink (the previous jar, entry class, arguments and Flink job
-- id), and later why the new version failed; a JSON object, null for actions without rollback.
ALTER TABLE job_actions ADD COLUMN rollback_plan TEXT;
