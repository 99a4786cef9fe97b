using System.Text.Json;
using System.Text.Json.Serialization;

namespace TorchAe.Data;

/// <summary>A <see cref="Corruption"/> in JSON is its text, as on the command line: <c>"mask:0.25"</c>, <c>"none"</c>.
/// A text that does not parse throws <see cref="Options.OptionException"/> (field <c>corruption</c>), which the config
/// reader turns into the file's JSON path.</summary>
sealed class CorruptionJsonConverter : JsonConverter<Corruption>
{
    public override Corruption Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String ? Corruption.Parse(reader.GetString()!)
            : throw new JsonException("expected a string such as \"mask:0.25\"");

    public override void Write(Utf8JsonWriter writer, Corruption value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToString());
}
