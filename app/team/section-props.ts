/** What every section of the team page is given. */
export interface SectionProps {
  teamId: string;
  /** The team token (admin or member) every API call carries. */
  token: string;
  /** True with the admin link: edit controls are shown. */
  isAdmin: boolean;
  /** Changes when another section changed something this one may show. */
  version: number;
  /** Tells the page that something changed, so the other sections reload. */
  onChange: () => void;
}
