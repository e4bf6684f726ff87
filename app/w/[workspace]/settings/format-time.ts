/** An ISO timestamp as `YYYY-MM-DD HH:MM:SS UTC`: the same on the server and the client. */
export function formatTime(isoText: string | null): string {
  return isoText === null ? '—' : `${isoText.replace('T', ' ').slice(0, 19)} UTC`;
}
