import type { SampleResume } from "../samples-manifest.ts";

export const danielOkafor: SampleResume = {
  file: "daniel-okafor.pdf",
  format: "pdf-two-column",
  name: "Daniel Okafor",
  headline: "Mobile Engineering Lead",
  email: "daniel.okafor@example.org",
  phone: "+44 7700 900123",
  location: "London, United Kingdom",
  links: [{ label: "GitHub", url: "https://github.com/daniel-okafor-example" }],
  summary:
    "Engineering lead for consumer mobile apps with 3 million monthly users. Kotlin and Swift, release " +
    "engineering, and growing small teams.",
  experience: [
    {
      title: "Mobile Engineering Lead",
      company: "Tailspin Travel",
      location: "London",
      dates: "01/2019 - Present",
      start: "2019-01",
      end: null,
      current: true,
      highlights: [
        "Lead a team of seven across Android and iOS.",
        "Moved releases from monthly to weekly with staged rollouts.",
      ],
    },
    {
      title: "Senior Android Engineer",
      company: "Wide World Importers",
      location: "Manchester",
      dates: "03/2017 - 12/2018",
      start: "2017-03",
      end: "2018-12",
      current: false,
      highlights: ["Rewrote the checkout flow in Kotlin; crash rate fell from 1.8% to 0.2%."],
    },
    {
      title: "Android Developer",
      company: "Adventure Works",
      location: "Manchester",
      dates: "07/2014 - 02/2017",
      start: "2014-07",
      end: "2017-02",
      current: false,
      highlights: ["Shipped the first Android version of the loyalty app."],
    },
  ],
  education: [
    {
      degree: "BEng",
      field: "Software Engineering",
      institution: "University of Westmoor",
      dates: "2011 - 2014",
      end: "2014",
    },
  ],
  skills: ["Kotlin", "Swift", "Jetpack Compose", "CI/CD", "Firebase", "GraphQL"],
  certifications: ["Google Associate Android Developer"],
  languages: ["English (native)", "Yoruba (fluent)", "French (A2)"],
};
