using System.Text.Json;
using System.Text.Json.Serialization;
using Switchboard.Server.ApiKeys;
using Switchboard.Server.Companies;
using Switchboard.Server.Connections;
using Switchboard.Server.Errors;
using Switchboard.Server.Integrations;
using Switchboard.Server.Paging;
using Switchboard.Server.Profiles;
using Switchboard.Server.Webhooks;

namespace Switchboard.Server.Json;

/// <summary>
/// Compile-time JSON for every wire type: camelCase, enums as their names, nulls omitted (the official
/// SDKs reject <c>"lastSync": null</c>), bounded depth.
/// </summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true,
    MaxDepth = JsonLimits.MaxDepth,
    AllowTrailingCommas = false,
    ReadCommentHandling = JsonCommentHandling.Disallow)]
[JsonSerializable(typeof(ErrorMessage))]
[JsonSerializable(typeof(Connection))]
[JsonSerializable(typeof(Switchboard.Server.OAuth.AccessToken))]
[JsonSerializable(typeof(ConnectionLink))]
[JsonSerializable(typeof(PagedResponse<Connection>))]
[JsonSerializable(typeof(CreateConnectionBody))]
[JsonSerializable(typeof(UpdateConnectionStatusBody))]
[JsonSerializable(typeof(DeauthorizeBody))]
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(Company))]
[JsonSerializable(typeof(PagedResponse<Company>))]
[JsonSerializable(typeof(CompanyBody))]
[JsonSerializable(typeof(CompanyUpdateBody))]
[JsonSerializable(typeof(Integration))]
[JsonSerializable(typeof(PagedResponse<Integration>))]
[JsonSerializable(typeof(Branding))]
[JsonSerializable(typeof(ApiKeyDetails))]
[JsonSerializable(typeof(ApiKeyList))]
[JsonSerializable(typeof(CreateApiKeyBody))]
[JsonSerializable(typeof(Profile))]
[JsonSerializable(typeof(ProfileBody))]
[JsonSerializable(typeof(WebhookConsumer))]
[JsonSerializable(typeof(WebhookConsumerList))]
[JsonSerializable(typeof(WebhookConsumerBody))]
[JsonSerializable(typeof(RotatedSecret))]
[JsonSerializable(typeof(WebhookDelivery))]
[JsonSerializable(typeof(PagedResponse<WebhookDelivery>))]
[JsonSerializable(typeof(ConnectionWebhook))]
[JsonSerializable(typeof(CompanyWebhook))]
public sealed partial class SwitchboardJsonContext : JsonSerializerContext;
