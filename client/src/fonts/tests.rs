use super::*;

fn bundled_face() -> ttf_parser::Face<'static> {
    ttf_parser::Face::parse(BUNDLED_CJK, 0).expect("the bundled font parses")
}

/// Whether either bundled font draws `c`.
fn bundled_covers(c: char) -> bool {
    let symbols = ttf_parser::Face::parse(BUNDLED_SYMBOLS, 0).expect("the symbol font parses");
    bundled_face().glyph_index(c).is_some() || symbols.glyph_index(c).is_some()
}

fn is_private_use(c: char) -> bool {
    ('\u{E000}'..='\u{F8FF}').contains(&c)
}

#[test]
fn every_gbk_character_has_a_glyph_in_the_bundled_fonts() {
    let cjk = bundled_face();
    let symbols = ttf_parser::Face::parse(BUNDLED_SYMBOLS, 0).unwrap();
    let mut checked = 0;
    let mut missing = Vec::new();

    for lead in 0x81..=0xFE_u8 {
        for trail in (0x40..=0xFE_u8).filter(|&trail| trail != 0x7F) {
            let bytes = [lead, trail];
            let Some(text) =
                encoding_rs::GBK.decode_without_bom_handling_and_without_replacement(&bytes)
            else {
                continue;
            };
            // GBK's user-defined areas decode to the Private Use Area, which no font covers.
            for c in text.chars().filter(|&c| !is_private_use(c)) {
                checked += 1;
                if cjk.glyph_index(c).is_none() && symbols.glyph_index(c).is_none() {
                    missing.push(format!("{lead:02X}{trail:02X} U+{:04X} {c}", u32::from(c)));
                }
            }
        }
    }

    assert!(checked > 21_000, "only {checked} GBK characters decoded");
    assert!(
        missing.is_empty(),
        "{} GBK characters lack a glyph: {:?}",
        missing.len(),
        missing
    );
}

#[test]
fn rare_name_characters_and_symbols_render() {
    // 喆 and 堃 (GBK but not GB2312) are common in given names; 镕 and 珺 too.
    for c in "喆堃镕珺赟昇翀鑫犇张三李四北京市朝阳区★☆¥￥→≒，。、：；！？（）【】《》—…·0Aa".chars()
    {
        assert!(bundled_covers(c), "no glyph for {c}");
    }
}

#[test]
fn every_character_of_the_locale_files_has_a_glyph() {
    let locales = [
        include_str!("../../locales/zh-CN.toml"),
        include_str!("../../locales/en-US.toml"),
    ];
    for text in locales {
        for c in text.chars().filter(|c| !c.is_control()) {
            assert!(
                bundled_covers(c),
                "no glyph for {c:?} (U+{:04X})",
                u32::from(c)
            );
        }
    }
}

#[test]
fn bundled_font_carries_its_own_family_name() {
    let face = bundled_face();
    let family = face
        .names()
        .into_iter()
        .filter(|name| name.name_id == ttf_parser::name_id::FAMILY)
        .find_map(|name| name.to_string())
        .expect("a family name");
    assert_eq!(family, BUNDLED_NAME);
}

#[test]
fn cjk_font_follows_egui_latin_font_in_both_families() {
    let fonts = definitions();
    for family in [FontFamily::Proportional, FontFamily::Monospace] {
        let names = &fonts.families[&family];
        let cjk = names
            .iter()
            .position(|name| name == BUNDLED_NAME)
            .expect("cjk font listed");
        let symbols = names
            .iter()
            .position(|name| name == SYMBOLS_NAME)
            .expect("symbols listed");
        assert!(cjk > 0, "{family:?} must keep egui's Latin font first");
        assert!(
            symbols > cjk,
            "{family:?}: the symbol font only fills the CJK font's gaps"
        );
    }
}
