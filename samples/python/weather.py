"""Python tools for sample 13: chat-ts imports this file and offers `get_weather` to the model.

Run it as plain Python too: PYTHONPATH="$(node -p "require('chat-ts/python').pythonPath()")" python3 weather.py
"""
from typing import Literal

from chat_ts import tool

_READINGS = {"paris": 18.5, "london": 14.0, "tokyo": 22.0}


@tool(requires_approval=False, cost_tier=1)
def get_weather(city: str, unit: Literal["celsius", "fahrenheit"] = "celsius") -> dict:
    """Get the current weather in a city.

    Args:
        city: The city to look up.
        unit: Temperature unit.
    """
    celsius = _READINGS.get(city.strip().lower())
    if celsius is None:
        raise LookupError(f"no weather station in {city}")
    temperature = celsius if unit == "celsius" else round(celsius * 9 / 5 + 32, 1)
    return {"city": city, "temperature": temperature, "unit": unit, "conditions": "partly cloudy"}


if __name__ == "__main__":
    print(get_weather("Paris"))
    print(get_weather("Tokyo", unit="fahrenheit"))
