import type { Ref } from "react";

/** The device's file dialog for pictures, opened by a button elsewhere through `ref.current.click()`. */
export function ImageFilePicker({ ref, onFiles }: { ref: Ref<HTMLInputElement>; onFiles: (files: File[]) => void }) {
  return (
    <input
      ref={ref}
      type="file"
      accept="image/*"
      multiple
      hidden
      tabIndex={-1}
      onChange={(event) => {
        const files = Array.from(event.target.files ?? []);
        // Cleared, so picking the same file again is a change too.
        event.target.value = "";
        if (files.length > 0) onFiles(files);
      }}
    />
  );
}
