/** Turns a collection name such as `usage_daily` into a label: "Usage daily". */
export function collectionLabel(name: string): string {
  const words = name.replace(/_/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}
