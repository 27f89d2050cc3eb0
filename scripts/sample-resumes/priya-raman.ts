import type { SampleResume } from "../samples-manifest.ts";

export const priyaRaman: SampleResume = {
  file: "priya-raman.docx",
  format: "docx-contact-in-header",
  name: "Priya Raman",
  headline: "Senior Data Analyst",
  email: "priya.raman@example.com",
  phone: "+1 (512) 555-0143",
  location: "Austin, TX",
  links: [{ label: "Portfolio", url: "https://priya-raman.example.com/projects" }],
  summary:
    "Data analyst who turns messy operational data into decisions. Eight years across retail and healthcare, " +
    "strong in SQL modelling and experiment design.",
  experience: [
    {
      title: "Senior Data Analyst",
      company: "Litware Health",
      location: "Austin, TX",
      dates: "June 2018 to Present",
      start: "2018-06",
      end: null,
      current: true,
      highlights: [
        "Built the dbt models behind the clinical operations dashboard used by 40 clinics.",
        "Designed A/B tests for appointment reminders that reduced no-shows by 11%.",
      ],
    },
    {
      title: "Data Analyst",
      company: "Trey Research Retail",
      location: "Dallas, TX",
      dates: "June 2014 to May 2018",
      start: "2014-06",
      end: "2018-05",
      current: false,
      highlights: ["Automated weekly sales reporting in Python, saving 10 analyst hours a week."],
    },
    {
      title: "Research Assistant",
      company: "Eastbridge Statistics Lab",
      location: null,
      dates: "September 2012 to May 2014",
      start: "2012-09",
      end: "2014-05",
      current: false,
      highlights: ["Cleaned and analysed survey data for two published studies."],
    },
  ],
  education: [
    {
      degree: "MS",
      field: "Statistics",
      institution: "Eastbridge State University",
      dates: "September 2012 to May 2014",
      end: "2014-05",
    },
  ],
  skills: ["SQL", "Python", "dbt", "Looker", "Airflow", "Experiment design"],
  certifications: [],
  languages: ["English (native)", "Tamil (native)", "Hindi (conversational)"],
};
