import { alexandrosPapadopoulos } from "./sample-resumes/alexandros-papadopoulos.ts";
import { danielOkafor } from "./sample-resumes/daniel-okafor.ts";
import { emilyChen } from "./sample-resumes/emily-chen.ts";
import { joseAlvarezNunez } from "./sample-resumes/jose-alvarez-nunez.ts";
import { lucasMartin } from "./sample-resumes/lucas-martin.ts";
import { mariaSchmidt } from "./sample-resumes/maria-schmidt.ts";
import { priyaRaman } from "./sample-resumes/priya-raman.ts";
import { yamadaTaro } from "./sample-resumes/yamada-taro.ts";
import type { SampleResume } from "./samples-manifest.ts";

/**
 * The fictional people in samples/, one file each under sample-resumes/, in the order docs/samples.md lists
 * them. PDF resumes use only characters the standard Helvetica font can draw (WinAnsi: Latin-1 plus – — • “ ” €);
 * non-Latin names live in the DOCX and text samples.
 */
export const SAMPLE_RESUMES: SampleResume[] = [
  mariaSchmidt,
  danielOkafor,
  priyaRaman,
  lucasMartin,
  joseAlvarezNunez,
  emilyChen,
  alexandrosPapadopoulos,
  yamadaTaro,
];
