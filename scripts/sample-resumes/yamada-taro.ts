import type { SampleResume } from "../samples-manifest.ts";

export const yamadaTaro: SampleResume = {
  file: "yamada-taro.txt",
  format: "text-utf-16",
  name: "山田 太郎",
  headline: "Embedded Software Engineer / 組込みソフトウェアエンジニア",
  email: "taro.yamada@example.jp",
  phone: "+81 3-5555-0123",
  location: "Tokyo, Japan",
  links: [],
  summary: "Embedded engineer (C, Rust) for industrial sensors; ten years of firmware and hardware bring-up.",
  experience: [
    {
      title: "Senior Firmware Engineer",
      company: "Humongous Sensors K.K.",
      location: "Tokyo",
      dates: "04/2020 - Present",
      start: "2020-04",
      end: null,
      current: true,
      highlights: ["Ported the sensor firmware from C to Rust; memory faults in the field dropped to zero."],
    },
    {
      title: "Firmware Engineer",
      company: "Margie's Robotics",
      location: "Yokohama",
      dates: "04/2014 - 03/2020",
      start: "2014-04",
      end: "2020-03",
      current: false,
      highlights: ["Wrote motor-control firmware for the R-7 arm."],
    },
  ],
  education: [
    {
      degree: "Master of Engineering",
      field: "Electrical Engineering",
      institution: "Kanto Institute of Technology",
      dates: "04/2012 - 03/2014",
      end: "2014-03",
    },
  ],
  skills: ["C", "Rust", "RTOS", "ARM Cortex-M", "CAN bus"],
  certifications: ["Embedded Systems Specialist (IPA), 2018"],
  languages: ["日本語 (native)", "English (TOEIC 905)"],
};
