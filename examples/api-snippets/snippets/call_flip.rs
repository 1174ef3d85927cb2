use serde_json::{json, Value};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let url = "http://127.0.0.1:3190";
    let http = reqwest::Client::new();
    // Upload the file; the server answers with its path.
    let part = reqwest::multipart::Part::bytes(std::fs::read("bus.png")?)
        .file_name("bus.png");
    let form = reqwest::multipart::Form::new().part("files", part);
    let paths: Vec<String> = http
        .post(format!("{url}/gradio_api/upload"))
        .multipart(form)
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?;
    let file_1 = json!({"path": paths[0], "meta": {"_type": "gradio.FileData"}});
    let started: Value = http
        .post(format!("{url}/gradio_api/call/v2/flip"))
        .json(&json!({"img": file_1}))
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?;
    let event_id = started["event_id"].as_str().ok_or("no event id")?;
    let stream = http
        .get(format!("{url}/gradio_api/call/flip/{event_id}"))
        .send()
        .await?
        .text()
        .await?;
    // Server-sent events: `event: complete` and then the outputs as `data:`, or `event: error`.
    let mut event = "";
    let mut outputs = None;
    for line in stream.lines() {
        if let Some(name) = line.strip_prefix("event: ") {
            event = name;
        } else if let Some(data) = line.strip_prefix("data: ") {
            match event {
                "complete" => outputs = Some(serde_json::from_str::<Value>(data)?),
                "error" => return Err(format!("the call failed: {data}").into()),
                _ => {}
            }
        }
    }
    let outputs = outputs.ok_or("the stream ended without a result")?;
    println!("{outputs}");
    Ok(())
}
