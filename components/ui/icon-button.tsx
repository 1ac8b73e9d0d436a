import type { ButtonHTMLAttributes } from "react";

type IconButtonProps = Omit<ButtonHTMLAttributes<HTMLButtonElement>, "aria-label" | "aria-pressed"> & {
  /** The button's name, also shown as its tooltip. */
  label: string;
  /** Given, the button is a toggle (aria-pressed). */
  pressed?: boolean;
};

/** A square button showing an icon, named for screen readers and tooltips. */
export function IconButton({ label, pressed, className = "", type = "button", ...props }: IconButtonProps) {
  return (
    <button
      type={type}
      aria-label={label}
      aria-pressed={pressed}
      title={label}
      className={`inline-flex size-9 shrink-0 items-center justify-center rounded-lg border border-zinc-300 bg-white text-zinc-700 transition-colors hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-500 disabled:cursor-not-allowed disabled:opacity-50 aria-pressed:border-sky-700 aria-pressed:bg-sky-700 aria-pressed:text-white aria-pressed:hover:bg-sky-800 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-200 dark:hover:bg-zinc-800 dark:aria-pressed:border-sky-500 dark:aria-pressed:bg-sky-500 dark:aria-pressed:text-zinc-950 dark:aria-pressed:hover:bg-sky-400 ${className}`}
      {...props}
    />
  );
}
