export function hello(): number {
  return 1;
}
