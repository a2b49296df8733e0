/** What a team link that the server refused (or that is missing) shows instead of the page. */
export function RefusedPage({ message }: { message: string }) {
  return (
    <main className="centered refused" data-testid="refused">
      <h1>This link does not open a team</h1>
      <p>{message}</p>
      <p>
        Ask your team admin for the team&rsquo;s link, or <a href="/">create a team of your own</a>.
      </p>
    </main>
  );
}
