import type { SampleResume } from "../samples-manifest.ts";

export const emilyChen: SampleResume = {
  file: "emily-chen.md",
  format: "markdown",
  name: "Emily Chen",
  headline: "Product Designer",
  email: "emily.chen@example.org",
  phone: "+1 (206) 555-0187",
  location: "Seattle, WA",
  links: [
    { label: "Portfolio", url: "https://emilychen.example.org" },
    { label: "Dribbble", url: "https://dribbble.com/emily-chen-example" },
  ],
  summary: "Product designer with seven years in B2B SaaS; research-led, fluent in design systems.",
  experience: [
    {
      title: "Senior Product Designer",
      company: "Blue Yonder Airlines",
      location: "Seattle, WA",
      dates: "Jun 2020 – Present",
      start: "2020-06",
      end: null,
      current: true,
      highlights: [
        "Leads the design system used by 9 product teams.",
        "Redesigned booking management; support tickets -23%.",
      ],
    },
    {
      title: "Product Designer",
      company: "Graphic Design Institute",
      location: "Portland, OR",
      dates: "2016–2020",
      start: "2016",
      end: "2020",
      current: false,
      highlights: ["Designed the course authoring tool from research to launch."],
    },
  ],
  education: [
    {
      degree: "BFA",
      field: "Interaction Design",
      institution: "Cascadia College of Art",
      dates: "2012–2016",
      end: "2016",
    },
  ],
  skills: ["Figma", "User research", "Prototyping", "Design systems", "Accessibility (WCAG 2.2)"],
  certifications: ["NN/g UX Certification"],
  languages: ["English (native)", "Mandarin (fluent)"],
};
