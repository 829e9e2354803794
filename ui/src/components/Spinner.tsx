import { LoaderCircle } from "lucide-react";

export function Spinner({ size = 14, label }: { size?: number; label?: string }) {
  return <LoaderCircle className="spinner" size={size} aria-label={label} aria-hidden={label ? undefined : true} />;
}
