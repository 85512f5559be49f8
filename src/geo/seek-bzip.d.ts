declare module "seek-bzip" {
  const Bunzip: { decode(input: Uint8Array, output?: number, multistream?: boolean): Buffer };
  export default Bunzip;
}
