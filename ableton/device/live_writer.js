// live_writer.js — the [js] half of the MidiDrumiGen device: writes clips into Live.
//
// ES5 only: Live 11's Max 8 runs [js] on an ES5 engine (checked by the tests). The Live API
// (LiveAPI) is reachable from [js], not from [node.script], so the bridge puts the clips in a
// named dict and sends "write <dict name>" here.
//
// Where clips go: always on the device's own track. The first clip goes to the highlighted
// clip slot's scene; an existing clip is never touched: each variation takes the next empty
// slot at or below that scene, and what does not fit is reported (add scenes).
//
// Messages in:  init (from live.thisdevice)   refresh   write <dict name>
// Messages out: song <tempo> <numerator> <denominator>
//               written <written> <wanted> <scene…>   (the scenes written, counting from 1)
//               writer_error <text>

autowatch = 0;
inlets = 1;
outlets = 1;

var observers = [];
var song = { tempo: 120, numerator: 4, denominator: 4 };

function report() {
    outlet(0, "song", song.tempo, song.numerator, song.denominator);
}

function first(value) {
    // LiveAPI.get answers arrays ([120]); callbacks answer ["tempo", 120].
    if (Array.isArray(value)) { return value[value.length - 1]; }
    return value;
}

function observe(property, key) {
    var api = new LiveAPI(function (args) {
        if (args && args[0] === property) {
            song[key] = Number(args[1]);
            report();
        }
    }, "live_set");
    api.property = property;
    observers.push(api);
}

function init() {
    observers = [];
    var s = new LiveAPI("live_set");
    song.tempo = Number(first(s.get("tempo")));
    song.numerator = Number(first(s.get("signature_numerator")));
    song.denominator = Number(first(s.get("signature_denominator")));
    observe("tempo", "tempo");
    observe("signature_numerator", "numerator");
    observe("signature_denominator", "denominator");
    report();
}

function refresh() {
    if (observers.length === 0) {
        init();
    } else {
        report();
    }
}

function bang() {
    init();
}

function trackOf() {
    // The device's track: walk up through racks and chains to a Track.
    var node = new LiveAPI("this_device");
    var guard = 0;
    while (node && Number(node.id) !== 0 && guard < 16) {
        if (node.type === "Track") { return node; }
        node = new LiveAPI(node.unquotedpath + " canonical_parent");
        guard += 1;
    }
    return null;
}

function sceneOf(path) {
    var m = /clip_slots (\d+)/.exec(path || "");
    return m ? parseInt(m[1], 10) : -1;
}

function startScene() {
    var hl = new LiveAPI("live_set view highlighted_clip_slot");
    if (Number(hl.id) === 0) { return 0; }
    var scene = sceneOf(hl.unquotedpath);
    return scene < 0 ? 0 : scene;
}

function emptySlots(track, start, wanted) {
    var count = parseInt(track.getcount("clip_slots"), 10);
    var found = [];
    for (var i = start; i < count && found.length < wanted; i++) {
        var slot = new LiveAPI(track.unquotedpath + " clip_slots " + i);
        if (parseInt(first(slot.get("has_clip")), 10) === 0) { found.push(i); }
    }
    return found;
}

function writeClip(track, scene, clip) {
    var slot = new LiveAPI(track.unquotedpath + " clip_slots " + scene);
    slot.call("create_clip", clip.length);
    var c = new LiveAPI(track.unquotedpath + " clip_slots " + scene + " clip");
    if (Number(c.id) === 0) { throw new Error("Live did not create a clip in scene " + (scene + 1)); }
    c.set("name", clip.name);
    c.set("signature_numerator", clip.signature_numerator);
    c.set("signature_denominator", clip.signature_denominator);
    c.set("looping", 1);
    var notes = [];
    for (var i = 0; i < clip.notes.length; i++) {
        var n = clip.notes[i];
        notes.push({ pitch: n.pitch, start_time: n.start_time, duration: n.duration,
                     velocity: n.velocity, mute: n.mute ? 1 : 0 });
    }
    if (notes.length > 0) { c.call("add_new_notes", { notes: notes }); }
}

function readPayload(name) {
    var d = new Dict(name);
    var text = d.stringify();
    var payload = JSON.parse(text);
    if (!payload || !Array.isArray(payload.clips)) {
        throw new Error("dict " + name + " holds no clips");
    }
    return payload;
}

function write(name) {
    try {
        var payload = readPayload(String(name));
        var track = trackOf();
        if (track === null) {
            outlet(0, "writer_error", "put MidiDrumiGen on a MIDI track to write clips");
            return;
        }
        if (Number(track.getcount("clip_slots")) === 0) {
            outlet(0, "writer_error", "this track has no clip slots (master or return track?)");
            return;
        }
        var wanted = payload.clips.length;
        var slots = emptySlots(track, startScene(), wanted);
        for (var k = 0; k < slots.length; k++) {
            writeClip(track, slots[k], payload.clips[k]);
        }
        var scenes = ["written", slots.length, wanted];
        for (var j = 0; j < slots.length; j++) { scenes.push(slots[j] + 1); }
        outlet(0, scenes);
    } catch (e) {
        outlet(0, "writer_error", String(e && e.message ? e.message : e));
    }
}

function anything() {
    post("MidiDrumiGen writer: unknown message " + messagename + "\n");
}
