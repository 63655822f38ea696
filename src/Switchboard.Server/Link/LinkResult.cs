namespace Switchboard.Server.Link;

/// <summary>How a link attempt ended. <see cref="Spent"/>: the link (or its OAuth state) was used meanwhile;
/// <see cref="Expired"/>: the end user came back from the platform after the OAuth state's lifetime. Failures like
/// <see cref="Failed"/>, told apart so the callback can answer 410 instead of blaming the platform.</summary>
internal enum LinkResult { Linked, NothingToDo, Cancelled, Failed, NotSupported, Spent, Expired }
