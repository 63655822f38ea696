namespace Switchboard.Client;

/// <summary>A received webhook failed verification: a header is missing, its timestamp is outside the tolerance, or no signature matches.</summary>
public class WebhookVerificationException : SwitchboardException
{
    /// <summary>Creates the exception with a message saying what failed.</summary>
    /// <param name="message">What failed.</param>
    public WebhookVerificationException(string message)
        : base(message)
    {
    }
}
