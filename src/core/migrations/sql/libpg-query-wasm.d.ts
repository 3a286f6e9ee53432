/** The Emscripten factory inside libpg-query: one call, one fresh WebAssembly instance of the parser. */
declare module 'libpg-query/wasm/libpg-query.js' {
  export interface PgQueryModule {
    /** The instance's memory as bytes; a new view after the memory grows. */
    HEAPU8: Uint8Array;
    _malloc(size: number): number;
    _free(pointer: number): void;
    lengthBytesUTF8(text: string): number;
    stringToUTF8(text: string, pointer: number, size: number): void;
    UTF8ToString(pointer: number): string;
    getValue(pointer: number, type: 'i32'): number;
    _wasm_parse_query_raw(query: number): number;
    _wasm_free_parse_result(result: number): void;
  }
  export interface PgQueryModuleOptions {
    /** Where the module's stdout lines go (default: console.log). */
    print?: (text: string) => void;
    /** Where the module's stderr lines go (default: console.error). */
    printErr?: (text: string) => void;
  }
  export default function createPgQueryModule(options?: PgQueryModuleOptions): Promise<PgQueryModule>;
}
