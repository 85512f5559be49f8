/** The gazetteer's view of a standard address, as far as the call form reads it. */
export interface Address {
  id: string;
  text: string;
  lat: number;
  lon: number;
  zoneId: string | null;
}
