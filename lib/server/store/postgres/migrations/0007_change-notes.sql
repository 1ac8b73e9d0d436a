-- Every change a visitor's pages show is announced on the studio_events channel by the write that
-- makes it, inside its transaction: PostgreSQL delivers the note on commit and drops it on rollback,
-- so no process can die between a commit and its note. Notes carry ids only (see events/postgres-bus.ts).
CREATE FUNCTION studio_note_generation() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('studio_events', json_build_object('topic', 'visitor:' || NEW.visitor_id, 'type', 'generation', 'id', NEW.id)::text);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION studio_note_upload() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('studio_events', json_build_object('topic', 'visitor:' || NEW.visitor_id, 'type', 'images-added', 'ids', json_build_array(NEW.id))::text);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION studio_note_image_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('studio_events', json_build_object('topic', 'visitor:' || NEW.visitor_id, 'type', 'image-deleted', 'id', NEW.id)::text);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER generations_created_note AFTER INSERT ON generations
  FOR EACH ROW EXECUTE FUNCTION studio_note_generation();
--> statement-breakpoint
CREATE TRIGGER generations_status_note AFTER UPDATE OF status ON generations
  FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION studio_note_generation();
--> statement-breakpoint
CREATE TRIGGER images_uploaded_note AFTER INSERT ON images
  FOR EACH ROW WHEN (NEW.origin = 'upload') EXECUTE FUNCTION studio_note_upload();
--> statement-breakpoint
CREATE TRIGGER images_deleted_note AFTER UPDATE OF deleted_at ON images
  FOR EACH ROW WHEN (OLD.deleted_at IS NULL AND NEW.deleted_at IS NOT NULL) EXECUTE FUNCTION studio_note_image_deleted();
