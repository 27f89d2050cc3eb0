import type { SampleResume } from "../samples-manifest.ts";

export const lucasMartin: SampleResume = {
  file: "lucas-martin.docx",
  format: "docx",
  name: "Lucas Martin",
  headline: "DevOps Engineer",
  email: "lucas.martin@example.net",
  phone: "+33 6 55 50 12 34",
  location: "Lyon, France",
  links: [],
  summary: "DevOps engineer focused on reliable delivery pipelines and cost-aware cloud infrastructure.",
  experience: [
    {
      title: "DevOps Engineer",
      company: "Proseware Cloud",
      location: "Lyon",
      dates: "2017–Present",
      start: "2017",
      end: null,
      current: true,
      highlights: [
        "Cut cloud spend by 28% with rightsizing and spot instances.",
        "Runs the Kubernetes platform for 60 services.",
      ],
    },
    {
      title: "Systems Administrator",
      company: "Coho Winery",
      location: "Bordeaux",
      dates: "2015–2017",
      start: "2015",
      end: "2017",
      current: false,
      highlights: ["Migrated on-premise servers to AWS."],
    },
  ],
  education: [
    {
      degree: "Licence professionnelle",
      field: "Network administration",
      institution: "IUT de Villefranche",
      dates: "2012–2015",
      end: "2015",
    },
  ],
  skills: ["AWS", "Kubernetes", "Terraform", "Ansible", "Prometheus", "Bash"],
  certifications: [
    "AWS Certified Solutions Architect – Associate",
    "HashiCorp Certified: Terraform Associate",
  ],
  languages: ["French (native)", "English (fluent)"],
};
