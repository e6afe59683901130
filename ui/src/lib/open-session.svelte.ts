// The playground session open now, for another page to start from its figures (the What-if fills its inputs
// from that session's turns). The playground sets it; null before one is opened, or once it is deleted.
class OpenSession {
  id = $state<string | null>(null);
}

export const openSession = new OpenSession();
