namespace Switchboard.Server.RateLimiting;

/// <summary>Who a bucket limits: an API key, a client address without a valid key, or one link's end user.</summary>
internal enum BucketKind
{
    ApiKey,
    Address,
    Link,
}
