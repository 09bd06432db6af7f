/** The demo's consultants: home bases, skills and certifications (src/demo/staffing.ts loads them). */
type Skills = [string, number][];
interface DemoConsultant {
  email: string;
  name: string;
  title: string;
  city: string;
  country: string;
  lat: number;
  lon: number;
  zone: string;
  languages: string[];
  skills: Skills;
  certs: string[];
  travel: 'none' | 'domestic' | 'international';
  onCall: boolean;
  hours?: [string, string];
}

/**
 * About twenty consultants on three continents and six time zones (journey 1: a forensic lead in Chicago, a
 * containment lead in Dublin; journey 2: a German-speaking tabletop facilitator in Berlin). The first three
 * are the staff demo's existing consultants; the rest are added here, after the other demo loaders ran.
 */
// One consultant a line reads as a roster.
// prettier-ignore
export const consultants: DemoConsultant[] = [
  { email: 'lena.fischer@irfirm.example', name: 'Lena Fischer', title: 'Principal consultant, tabletop lead', city: 'Berlin', country: 'DE', lat: 52.52, lon: 13.405, zone: 'Europe/Berlin', languages: ['de','en'], skills: [['tabletop_facilitation',5],['crisis_management',4],['ir_planning',4],['incident_handling',3]], certs: ['gcih','cissp'], travel: 'international', onCall: true },
  { email: 'sean.murphy@irfirm.example', name: 'Seán Murphy', title: 'Containment lead', city: 'Dublin', country: 'IE', lat: 53.35, lon: -6.26, zone: 'Europe/Dublin', languages: ['en','ga'], skills: [['containment',5],['incident_handling',5],['ad_security',4],['windows_forensics',3]], certs: ['gcih','gcfa'], travel: 'international', onCall: true },
  { email: 'priya.raman@irfirm.example', name: 'Priya Raman', title: 'Malware analyst', city: 'Singapore', country: 'SG', lat: 1.29, lon: 103.85, zone: 'Asia/Singapore', languages: ['en','ta'], skills: [['malware_reverse_engineering',5],['malware_analysis',5],['memory_forensics',4]], certs: ['grem','gcfa'], travel: 'international', onCall: true },
  { email: 'marcus.hill@irfirm.example', name: 'Marcus Hill', title: 'Forensic lead', city: 'Chicago', country: 'US', lat: 41.88, lon: -87.63, zone: 'America/Chicago', languages: ['en'], skills: [['windows_forensics',5],['digital_forensics',5],['memory_forensics',4],['incident_handling',4]], certs: ['gcfa','gcfe'], travel: 'domestic', onCall: true },
  { email: 'ana.souza@irfirm.example', name: 'Ana Souza', title: 'Cloud IR consultant', city: 'São Paulo', country: 'BR', lat: -23.55, lon: -46.63, zone: 'America/Sao_Paulo', languages: ['pt','en','es'], skills: [['cloud_ir_aws',5],['cloud_ir_azure',4],['cloud_ir_m365',4],['threat_hunting',3]], certs: ['gcld','gcih'], travel: 'international', onCall: true },
  { email: 'david.cohen@irfirm.example', name: 'David Cohen', title: 'BEC investigator', city: 'New York', country: 'US', lat: 40.71, lon: -74.01, zone: 'America/New_York', languages: ['en','he'], skills: [['bec_investigation',5],['cloud_ir_m365',5],['incident_handling',3]], certs: ['gcih'], travel: 'domestic', onCall: true },
  { email: 'emily.nguyen@irfirm.example', name: 'Emily Nguyen', title: 'Threat hunter', city: 'San Francisco', country: 'US', lat: 37.77, lon: -122.42, zone: 'America/Los_Angeles', languages: ['en','vi'], skills: [['threat_hunting',5],['edr',5],['detection_engineering',4],['linux_forensics',3]], certs: ['gnfa','oscp'], travel: 'domestic', onCall: false },
  { email: 'jonas.berg@irfirm.example', name: 'Jonas Berg', title: 'OT/ICS specialist', city: 'Stockholm', country: 'SE', lat: 59.33, lon: 18.07, zone: 'Europe/Stockholm', languages: ['sv','en','de'], skills: [['ot_ics',5],['incident_handling',3],['governance',3]], certs: ['gicsp'], travel: 'international', onCall: false },
  { email: 'claire.dubois@irfirm.example', name: 'Claire Dubois', title: 'IR planning consultant', city: 'Paris', country: 'FR', lat: 48.86, lon: 2.35, zone: 'Europe/Paris', languages: ['fr','en'], skills: [['ir_planning',5],['governance',5],['tabletop_facilitation',4],['crisis_management',4]], certs: ['cissp'], travel: 'international', onCall: false },
  { email: 'kenji.sato@irfirm.example', name: 'Kenji Sato', title: 'Memory forensics specialist', city: 'Tokyo', country: 'JP', lat: 35.68, lon: 139.69, zone: 'Asia/Tokyo', languages: ['ja','en'], skills: [['memory_forensics',5],['windows_forensics',4],['malware_analysis',4]], certs: ['gcfa','grem'], travel: 'international', onCall: true },
  { email: 'olivia.brown@irfirm.example', name: 'Olivia Brown', title: 'Ransomware negotiator', city: 'London', country: 'GB', lat: 51.51, lon: -0.13, zone: 'Europe/London', languages: ['en','ru'], skills: [['ransomware_negotiation',5],['crisis_management',4],['incident_handling',4]], certs: ['gcih'], travel: 'international', onCall: true },
  { email: 'rahul.mehta@irfirm.example', name: 'Rahul Mehta', title: 'Linux and web forensics', city: 'Bengaluru', country: 'IN', lat: 12.97, lon: 77.59, zone: 'Asia/Kolkata', languages: ['en','hi','kn'], skills: [['linux_forensics',5],['digital_forensics',4],['cloud_ir_gcp',4]], certs: ['gcfa','oscp'], travel: 'international', onCall: true },
  { email: 'sophie.martin@irfirm.example', name: 'Sophie Martin', title: 'Cloud IR (Azure, M365)', city: 'Toronto', country: 'CA', lat: 43.65, lon: -79.38, zone: 'America/Toronto', languages: ['en','fr'], skills: [['cloud_ir_azure',5],['cloud_ir_m365',5],['bec_investigation',4]], certs: ['gcld'], travel: 'domestic', onCall: true },
  { email: 'lucas.weber@irfirm.example', name: 'Lucas Weber', title: 'AD security consultant', city: 'Munich', country: 'DE', lat: 48.14, lon: 11.58, zone: 'Europe/Berlin', languages: ['de','en'], skills: [['ad_security',5],['containment',4],['windows_forensics',3]], certs: ['oscp','gcih'], travel: 'domestic', onCall: true },
  { email: 'grace.okoye@irfirm.example', name: 'Grace Okoye', title: 'Incident handler', city: 'Johannesburg', country: 'ZA', lat: -26.2, lon: 28.05, zone: 'Africa/Johannesburg', languages: ['en','zu'], skills: [['incident_handling',4],['containment',4],['edr',3]], certs: ['gcih'], travel: 'international', onCall: true },
  { email: 'mateo.garcia@irfirm.example', name: 'Mateo García', title: 'Forensic analyst', city: 'Madrid', country: 'ES', lat: 40.42, lon: -3.7, zone: 'Europe/Madrid', languages: ['es','en'], skills: [['digital_forensics',4],['windows_forensics',4],['memory_forensics',3]], certs: ['gcfe'], travel: 'international', onCall: false },
  { email: 'hannah.lee@irfirm.example', name: 'Hannah Lee', title: 'Detection engineer', city: 'Sydney', country: 'AU', lat: -33.87, lon: 151.21, zone: 'Australia/Sydney', languages: ['en','ko'], skills: [['detection_engineering',5],['threat_hunting',4],['edr',4]], certs: ['gnfa'], travel: 'domestic', onCall: true },
  { email: 'omar.haddad@irfirm.example', name: 'Omar Haddad', title: 'Incident responder', city: 'Dubai', country: 'AE', lat: 25.2, lon: 55.27, zone: 'Asia/Dubai', languages: ['ar','en','fr'], skills: [['incident_handling',4],['windows_forensics',3],['cloud_ir_azure',3]], certs: ['gcih','gcfa'], travel: 'international', onCall: true, hours: ['08:00','16:00'] },
  { email: 'chloe.evans@irfirm.example', name: 'Chloe Evans', title: 'Tabletop facilitator', city: 'Chicago', country: 'US', lat: 41.9, lon: -87.65, zone: 'America/Chicago', languages: ['en','es'], skills: [['tabletop_facilitation',5],['crisis_management',5],['ir_planning',3]], certs: ['cissp'], travel: 'domestic', onCall: false },
  { email: 'noah.schmidt@irfirm.example', name: 'Noah Schmidt', title: 'Junior forensic analyst', city: 'Vienna', country: 'AT', lat: 48.21, lon: 16.37, zone: 'Europe/Vienna', languages: ['de','en'], skills: [['digital_forensics',2],['windows_forensics',2],['incident_handling',2]], certs: [], travel: 'domestic', onCall: false },
];
