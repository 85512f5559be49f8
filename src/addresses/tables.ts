/** Standard addresses (标准地址), the "one standard" of 一标三实: each a text with a fixed point. */
export interface AddressesTable {
  id: string;
  text: string;
  /** The text without spaces and the trailing 号, so "延安路 12" finds "延安路12号". */
  search_text: string;
  street: string | null;
  house_number: string | null;
  lat: number;
  lon: number;
  zone_id: string | null;
  org_path: string;
}

export interface AddressTables {
  addresses: AddressesTable;
}
