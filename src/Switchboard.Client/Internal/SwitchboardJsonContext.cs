using System.Text.Json;
using System.Text.Json.Serialization;
using Switchboard.Client.Models;

namespace Switchboard.Client.Internal;

/// <summary>
/// Source-generated JSON metadata for every wire type, so the client needs no reflection
/// (trimming and native AOT friendly). camelCase; nulls are omitted when sending.
/// </summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(TolerantDateTimeOffsetConverter)])]
[JsonSerializable(typeof(Connection))]
[JsonSerializable(typeof(ConnectionLink))]
[JsonSerializable(typeof(AccessToken))]
[JsonSerializable(typeof(Connections))]
[JsonSerializable(typeof(Company))]
[JsonSerializable(typeof(Companies))]
[JsonSerializable(typeof(CompanyRequestBody))]
[JsonSerializable(typeof(CompanyUpdateRequest))]
[JsonSerializable(typeof(Integration))]
[JsonSerializable(typeof(Integrations))]
[JsonSerializable(typeof(Branding))]
[JsonSerializable(typeof(ErrorMessage))]
[JsonSerializable(typeof(CreateConnectionRequestBody))]
[JsonSerializable(typeof(UpdateConnectionStatus))]
[JsonSerializable(typeof(IDictionary<string, string>))]
[JsonSerializable(typeof(WebhookConsumer))]
[JsonSerializable(typeof(WebhookConsumers))]
[JsonSerializable(typeof(WebhookConsumerPrototype))]
[JsonSerializable(typeof(RotatedWebhookSecret))]
[JsonSerializable(typeof(Profile))]
[JsonSerializable(typeof(WebhookDelivery))]
[JsonSerializable(typeof(WebhookDeliveries))]
[JsonSerializable(typeof(CompanyWebhookEvent))]
[JsonSerializable(typeof(ConnectionWebhookEvent))]
internal sealed partial class SwitchboardJsonContext : JsonSerializerContext;
