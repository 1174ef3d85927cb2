use ferrio::prelude::*;

fn main() {
    Blocks::new(|b| {
        let text = b.add(Textbox::new());
        let slider = b.add(Slider::new(0.0, 1.0));
        // `on` takes typed triggers: a Slider has no submit event.
        b.on([text.submitted(), slider.submitted()], |s: String| s, text, text);
    });
}
