import type { SampleResume } from "../samples-manifest.ts";

export const alexandrosPapadopoulos: SampleResume = {
  file: "alexandros-papadopoulos.docx",
  format: "docx",
  name: "Αλέξανδρος Παπαδόπουλος",
  headline: "Machine Learning Engineer",
  email: "alexandros.papadopoulos@example.com",
  phone: "+30 210 555 0199",
  location: "Αθήνα (Athens), Greece",
  links: [{ label: "Google Scholar", url: "https://scholar.example.org/citations?user=apapadopoulos" }],
  summary: "ML engineer working on search ranking and recommendation; PhD in information retrieval.",
  experience: [
    {
      title: "Machine Learning Engineer",
      company: "Alpine Ski House Digital",
      location: "Athens",
      dates: "October 2019 to Present",
      start: "2019-10",
      end: null,
      current: true,
      highlights: [
        "Ships ranking models serving 40 million queries a month.",
        "Built the offline evaluation pipeline.",
      ],
    },
    {
      title: "Research Intern",
      company: "Fourth Coffee Labs",
      location: "Thessaloniki",
      dates: "September 2012 to May 2014",
      start: "2012-09",
      end: "2014-05",
      current: false,
      highlights: ["Prototyped query-expansion methods for product search."],
    },
  ],
  education: [
    {
      degree: "PhD",
      field: "Information Retrieval",
      institution: "University of the Aegean Coast",
      dates: "2014–2019",
      end: "2019",
    },
  ],
  skills: ["Python", "PyTorch", "Learning to rank", "Spark", "Elasticsearch"],
  certifications: [],
  languages: ["Ελληνικά / Greek (native)", "English (C2)", "German (B1)"],
};
