using System.Security.Cryptography;
using System.Text;

namespace Switchboard.Server.Auth;

/// <summary>
/// Makes and hashes API keys. Keys are 40 random base-62 characters (about 238 bits), so a fast
/// SHA-256 is enough: there is no low-entropy password to brute-force, and lookups stay cheap.
/// </summary>
public static class ApiKeySecrets
{
    private const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    public static string Generate() => RandomNumberGenerator.GetString(Alphabet, 40);

    public static string Hash(string apiKey) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(apiKey)));
}
