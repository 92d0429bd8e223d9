/* Early start of the calculator worker: loaded as an async module in the <head> of calculator
 * pages only (the build adds it there), so Pyodide boots while the page itself loads. Does
 * nothing without WebAssembly or Workers (the page then says so). */
import { bootWorker } from "./calculator-boot.js";

bootWorker();
