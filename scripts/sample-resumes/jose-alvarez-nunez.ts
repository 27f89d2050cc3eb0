import type { SampleResume } from "../samples-manifest.ts";

export const joseAlvarezNunez: SampleResume = {
  file: "jose-alvarez-nunez.txt",
  format: "text-windows-1252",
  name: "José Álvarez-Núñez",
  headline: "Ingeniero de Software / Software Engineer",
  email: "jose.alvarez@example.com",
  phone: "+34 915 550 123",
  location: "Madrid, España",
  links: [{ label: "GitHub", url: "https://github.com/jose-alvarez-example" }],
  summary:
    "Full-stack engineer (Java, React) who enjoys “boring” technology that keeps working – and the people who run it.",
  experience: [
    {
      title: "Senior Software Engineer",
      company: "Compañía Ibérica de Seguros",
      location: "Madrid",
      dates: "Feb 2020 – Present",
      start: "2020-02",
      end: null,
      current: true,
      highlights: ["Owns the claims portal (Java 17, Spring Boot, React).", "Cut page load time by 60%."],
    },
    {
      title: "Software Engineer",
      company: "Logística Peñalara",
      location: "Segovia",
      dates: "Sep 2017 – Jan 2020",
      start: "2017-09",
      end: "2020-01",
      current: false,
      highlights: ["Built the warehouse scanning app used in 14 depots."],
    },
  ],
  education: [
    {
      degree: "Grado en Ingeniería Informática",
      field: "Computer Engineering",
      institution: "Universidad de Castilla del Norte",
      dates: "2013–2017",
      end: "2017",
    },
  ],
  skills: ["Java", "Spring Boot", "React", "Oracle", "Docker"],
  certifications: ["Oracle Certified Professional: Java SE 11 Developer"],
  languages: ["Español (nativo)", "English (C1)", "Português (B1)"],
};
