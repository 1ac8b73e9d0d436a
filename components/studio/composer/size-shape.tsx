type Pixels = { width: number; height: number };

/** The size's shape, its long side filling the box. */
export function Shape({ width, height, dashed = false }: Pixels & { dashed?: boolean }) {
  const long = Math.max(width, height);
  return (
    <span aria-hidden className="flex size-7 items-center justify-center">
      <span
        className={`block rounded-[3px] border-2 border-current opacity-80 ${dashed ? "border-dashed" : ""}`}
        style={{ width: `${(width / long) * 100}%`, height: `${(height / long) * 100}%` }}
      />
    </span>
  );
}
