/** The gazetteer's view of a standard address: the server's schema, under the name the call form uses. */
import type { AddressView } from "../../../src/addresses/schemas.ts";

export type Address = AddressView;
