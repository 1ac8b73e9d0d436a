import { Button } from "@/components/ui/button";

/** Ends the passcode session; shown only when the studio has a passcode. */
export function SignOutButton({ action }: { action: () => Promise<void> }) {
  return (
    <form action={action}>
      <Button type="submit" variant="secondary" className="h-9 px-3 py-0">
        Sign out
      </Button>
    </form>
  );
}
