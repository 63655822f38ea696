namespace Switchboard.Server.RateLimiting;

/// <summary>The partition a request is limited in: its kind of bucket and whose bucket it is.</summary>
internal readonly record struct BucketKey(BucketKind Kind, string Owner);
