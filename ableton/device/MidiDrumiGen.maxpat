{
	"patcher": {
		"fileversion": 1,
		"appversion": {
			"major": 8,
			"minor": 5,
			"revision": 5,
			"architecture": "x64",
			"modernui": 1
		},
		"classnamespace": "box",
		"rect": [
			80,
			80,
			1000,
			760
		],
		"bglocked": 0,
		"openinpresentation": 1,
		"default_fontsize": 10,
		"default_fontface": 0,
		"default_fontname": "Arial Bold",
		"gridonopen": 1,
		"gridsize": [
			8,
			8
		],
		"gridsnaponopen": 1,
		"objectsnaponopen": 1,
		"statusbarvisible": 2,
		"toolbarvisible": 1,
		"lefttoolbarpinned": 0,
		"toptoolbarpinned": 0,
		"righttoolbarpinned": 0,
		"bottomtoolbarpinned": 0,
		"toolbars_unpinned_last_save": 0,
		"tallnewobj": 0,
		"boxanimatetime": 200,
		"enablehscroll": 1,
		"enablevscroll": 1,
		"devicewidth": 560,
		"description": "MidiDrumiGen: drum clips in the style of any artist, from the local MidiDrumiGen API (mididrumigen serve), in the Session or the Arrangement.",
		"digest": "",
		"tags": "drums midi generator",
		"style": "",
		"subpatcher_template": "",
		"assistshowspatchername": 0,
		"boxes": [
			{
				"box": {
					"id": "obj-midiin",
					"maxclass": "newobj",
					"text": "midiin",
					"numinlets": 1,
					"numoutlets": 1,
					"outlettype": [
						"int"
					],
					"patching_rect": [
						20,
						20,
						50,
						22
					]
				}
			},
			{
				"box": {
					"id": "obj-midiout",
					"maxclass": "newobj",
					"text": "midiout",
					"numinlets": 1,
					"numoutlets": 0,
					"outlettype": [],
					"patching_rect": [
						20,
						60,
						55,
						22
					]
				}
			},
			{
				"box": {
					"id": "obj-bridge",
					"maxclass": "newobj",
					"text": "node.script bridge.js @autostart 1 @watch 0",
					"numinlets": 1,
					"numoutlets": 2,
					"outlettype": [
						"",
						""
					],
					"patching_rect": [
						420,
						420,
						260,
						22
					],
					"varname": "bridge",
					"saved_object_attributes": {
						"autostart": 1,
						"defer": 0,
						"watch": 0
					}
				}
			},
			{
				"box": {
					"id": "obj-route",
					"maxclass": "newobj",
					"text": "route status progress writer similar artist api tempodisp meter seed store sync",
					"numinlets": 1,
					"numoutlets": 12,
					"outlettype": [
						"",
						"",
						"",
						"",
						"",
						"",
						"",
						"",
						"",
						"",
						"",
						""
					],
					"patching_rect": [
						420,
						470,
						520,
						22
					],
					"varname": "bridge_route"
				}
			},
			{
				"box": {
					"id": "obj-writer",
					"maxclass": "newobj",
					"text": "js live_writer.js",
					"numinlets": 1,
					"numoutlets": 1,
					"outlettype": [
						""
					],
					"patching_rect": [
						560,
						560,
						110,
						22
					],
					"varname": "writer",
					"saved_object_attributes": {
						"filename": "live_writer.js",
						"parameter_enable": 0
					}
				}
			},
			{
				"box": {
					"id": "obj-deferlow",
					"maxclass": "newobj",
					"text": "deferlow",
					"numinlets": 1,
					"numoutlets": 1,
					"outlettype": [
						""
					],
					"patching_rect": [
						560,
						520,
						60,
						22
					]
				}
			},
			{
				"box": {
					"id": "obj-thisdevice",
					"maxclass": "newobj",
					"text": "live.thisdevice",
					"numinlets": 1,
					"numoutlets": 3,
					"outlettype": [
						"bang",
						"int",
						"int"
					],
					"patching_rect": [
						700,
						470,
						90,
						22
					]
				}
			},
			{
				"box": {
					"id": "obj-init",
					"maxclass": "message",
					"text": "init",
					"numinlets": 2,
					"numoutlets": 1,
					"outlettype": [
						""
					],
					"patching_rect": [
						700,
						520,
						40,
						22
					]
				}
			},
			{
				"box": {
					"id": "obj-lbl-artist",
					"maxclass": "comment",
					"text": "Artist",
					"numinlets": 1,
					"numoutlets": 0,
					"patching_rect": [
						20,
						120,
						40,
						18
					],
					"presentation": 1,
					"presentation_rect": [
						4,
						6,
						36,
						16
					],
					"fontname": "Arial Bold",
					"fontsize": 10
				}
			},
			{
				"box": {
					"id": "obj-artist",
					"maxclass": "textedit",
					"varname": "artist",
					"text": "",
					"keymode": 1,
					"lines": 1,
					"wordwrap": 0,
					"numinlets": 1,
					"numoutlets": 4,
					"outlettype": [
						"",
						"int",
						"",
						""
					],
					"patching_rect": [
						20,
						140,
						236,
						22
					],
					"presentation": 1,
					"presentation_rect": [
						40,
						4,
						200,
						20
					],
					"fontname": "Arial Bold",
					"fontsize": 12,
					"annotation": "Type an artist, band or drummer, then press Generate."
				}
			},
			{
				"box": {
					"id": "obj-artist-route",
					"maxclass": "newobj",
					"text": "route text",
					"numinlets": 2,
					"numoutlets": 2,
					"outlettype": [
						"",
						""
					],
					"patching_rect": [
						20,
						180,
						70,
						22
					]
				}
			},
			{
				"box": {
					"id": "obj-artist-prepend",
					"maxclass": "newobj",
					"text": "prepend artist",
					"numinlets": 1,
					"numoutlets": 1,
					"outlettype": [
						""
					],
					"patching_rect": [
						20,
						220,
						90,
						22
					]
				}
			},
			{
				"box": {
					"id": "obj-similar-menu",
					"maxclass": "umenu",
					"varname": "similar_menu",
					"items": [],
					"arrow": 1,
					"numinlets": 1,
					"numoutlets": 3,
					"outlettype": [
						"int",
						"",
						""
					],
					"parameter_enable": 0,
					"patching_rect": [
						280,
						140,
						150,
						22
					],
					"presentation": 1,
					"presentation_rect": [
						244,
						4,
						130,
						20
					],
					"fontname": "Arial Bold",
					"fontsize": 10,
					"annotation": "Artists with a similar style (press Similar); pick one to use it."
				}
			},
			{
				"box": {
					"id": "obj-pick",
					"maxclass": "newobj",
					"text": "prepend pick",
					"numinlets": 1,
					"numoutlets": 1,
					"outlettype": [
						""
					],
					"patching_rect": [
						280,
						180,
						80,
						22
					]
				}
			},
			{
				"box": {
					"id": "obj-bars",
					"maxclass": "live.numbox",
					"varname": "bars",
					"numinlets": 1,
					"numoutlets": 2,
					"outlettype": [
						"",
						"float"
					],
					"parameter_enable": 1,
					"patching_rect": [
						20,
						290,
						44,
						15
					],
					"presentation": 1,
					"presentation_rect": [
						4,
						39,
						40,
						15
					],
					"saved_attribute_attributes": {
						"valueof": {
							"parameter_longname": "Bars",
							"parameter_shortname": "Bars",
							"parameter_type": 1,
							"parameter_mmin": 1,
							"parameter_mmax": 16,
							"parameter_initial_enable": 1,
							"parameter_initial": [
								4
							],
							"parameter_unitstyle": 0
						}
					}
				}
			},
			{
				"box": {
					"id": "obj-variations",
					"maxclass": "live.numbox",
					"varname": "variations",
					"numinlets": 1,
					"numoutlets": 2,
					"outlettype": [
						"",
						"float"
					],
					"parameter_enable": 1,
					"patching_rect": [
						120,
						290,
						44,
						15
					],
					"presentation": 1,
					"presentation_rect": [
						48,
						39,
						40,
						15
					],
					"saved_attribute_attributes": {
						"valueof": {
							"parameter_longname": "Variations",
							"parameter_shortname": "Vars",
							"parameter_type": 1,
							"parameter_mmin": 1,
							"parameter_mmax": 8,
							"parameter_initial_enable": 1,
							"parameter_initial": [
								4
							],
							"parameter_unitstyle": 0
						}
					}
				}
			},
			{
				"box": {
					"id": "obj-tempo",
					"maxclass": "live.numbox",
					"varname": "tempo",
					"numinlets": 1,
					"numoutlets": 2,
					"outlettype": [
						"",
						"float"
					],
					"parameter_enable": 1,
					"patching_rect": [
						220,
						290,
						44,
						15
					],
					"presentation": 1,
					"presentation_rect": [
						180,
						39,
						48,
						15
					],
					"saved_attribute_attributes": {
						"valueof": {
							"parameter_longname": "Tempo",
							"parameter_shortname": "Tempo",
							"parameter_type": 0,
							"parameter_mmin": 40,
							"parameter_mmax": 300,
							"parameter_initial_enable": 1,
							"parameter_initial": [
								120
							],
							"parameter_unitstyle": 1
						}
					}
				}
			},
			{
				"box": {
					"id": "obj-follow",
					"maxclass": "live.toggle",
					"varname": "follow",
					"numinlets": 1,
					"numoutlets": 1,
					"outlettype": [
						""
					],
					"parameter_enable": 1,
					"patching_rect": [
						320,
						290,
						15,
						15
					],
					"presentation": 1,
					"presentation_rect": [
						240,
						39,
						15,
						15
					],
					"saved_attribute_attributes": {
						"valueof": {
							"parameter_longname": "Follow Live Tempo",
							"parameter_shortname": "Follow Live Tempo",
							"parameter_type": 2,
							"parameter_enum": [
								"off",
								"on"
							],
							"parameter_mmax": 1,
							"parameter_initial_enable": 1,
							"parameter_initial": [
								1
							]
						}
					}
				}
			},
			{
				"box": {
					"id": "obj-drummap",
					"maxclass": "live.menu",
					"varname": "drummap",
					"numinlets": 1,
					"numoutlets": 3,
					"outlettype": [
						"",
						"",
						"float"
					],
					"parameter_enable": 1,
					"patching_rect": [
						520,
						290,
						110,
						15
					],
					"presentation": 1,
					"presentation_rect": [
						268,
						39,
						110,
						15
					],
					"saved_attribute_attributes": {
						"valueof": {
							"parameter_longname": "Drum Map",
							"parameter_shortname": "Kit",
							"parameter_type": 2,
							"parameter_enum": [
								"Drum Rack",
								"General MIDI",
								"EZdrummer 3",
								"Superior Drummer 3",
								"Addictive Drums 2",
								"Steven Slate 5",
								"BFD3",
								"MT Power Drum Kit",
								"Logic Drum Kit",
								"Roland V-Drums"
							],
							"parameter_mmax": 9,
							"parameter_initial_enable": 1,
							"parameter_initial": [
								0
							]
						}
					}
				}
			},
			{
				"box": {
					"id": "obj-btn-generate",
					"maxclass": "live.text",
					"varname": "btn_generate",
					"text": "Generate",
					"texton": "Generate",
					"mode": 0,
					"numinlets": 1,
					"numoutlets": 2,
					"outlettype": [
						"",
						""
					],
					"parameter_enable": 1,
					"patching_rect": [
						20,
						370,
						70,
						22
					],
					"presentation": 1,
					"presentation_rect": [
						4,
						88,
						80,
						18
					],
					"saved_attribute_attributes": {
						"valueof": {
							"parameter_longname": "Generate",
							"parameter_shortname": "Generate",
							"parameter_type": 2,
							"parameter_enum": [
								"val1",
								"val2"
							],
							"parameter_mmax": 1,
							"parameter_invisible": 2
						}
					}
				}
			},
			{
				"box": {
					"id": "obj-btn-generate-t",
					"maxclass": "newobj",
					"text": "t b b",
					"numinlets": 1,
					"numoutlets": 2,
					"outlettype": [
						"bang",
						"bang"
					],
					"patching_rect": [
						20,
						400,
						40,
						22
					]
				}
			},
			{
				"box": {
					"id": "obj-btn-generate-msg",
					"maxclass": "message",
					"text": "generate",
					"numinlets": 2,
					"numoutlets": 1,
					"outlettype": [
						""
					],
					"patching_rect": [
						20,
						430,
						60,
						22
					]
				}
			},
			{
				"box": {
					"id": "obj-btn-research",
					"maxclass": "live.text",
					"varname": "btn_research",
					"text": "Research",
					"texton": "Research",
					"mode": 0,
					"numinlets": 1,
					"numoutlets": 2,
					"outlettype": [
						"",
						""
					],
					"parameter_enable": 1,
					"patching_rect": [
						130,
						370,
						70,
						22
					],
					"presentation": 1,
					"presentation_rect": [
						200,
						88,
						64,
						18
					],
					"saved_attribute_attributes": {
						"valueof": {
							"parameter_longname": "Research",
							"parameter_shortname": "Research",
							"parameter_type": 2,
							"parameter_enum": [
								"val1",
								"val2"
							],
							"parameter_mmax": 1,
							"parameter_invisible": 2
						}
					}
				}
			},
			{
				"box": {
					"id": "obj-btn-research-t",
					"maxclass": "newobj",
					"text": "t b b",
					"numinlets": 1,
					"numoutlets": 2,
					"outlettype": [
						"bang",
						"bang"
					],
					"patching_rect": [
						130,
						400,
						40,
						22
					]
				}
			},
			{
				"box": {
					"id": "obj-btn-research-msg",
					"maxclass": "message",
					"text": "research",
					"numinlets": 2,
					"numoutlets": 1,
					"outlettype": [
						""
					],
					"patching_rect": [
						130,
						430,
						60,
						22
					]
				}
			},
			{
				"box": {
					"id": "obj-btn-augment",
					"maxclass": "live.text",
					"varname": "btn_augment",
					"text": "Augment",
					"texton": "Augment",
					"mode": 0,
					"numinlets": 1,
					"numoutlets": 2,
					"outlettype": [
						"",
						""
					],
					"parameter_enable": 1,
					"patching_rect": [
						240,
						370,
						70,
						22
					],
					"presentation": 1,
					"presentation_rect": [
						268,
						88,
						60,
						18
					],
					"saved_attribute_attributes": {
						"valueof": {
							"parameter_longname": "Augment",
							"parameter_shortname": "Augment",
							"parameter_type": 2,
							"parameter_enum": [
								"val1",
								"val2"
							],
							"parameter_mmax": 1,
							"parameter_invisible": 2
						}
					}
				}
			},
			{
				"box": {
					"id": "obj-btn-augment-t",
					"maxclass": "newobj",
					"text": "t b b",
					"numinlets": 1,
					"numoutlets": 2,
					"outlettype": [
						"bang",
						"bang"
					],
					"patching_rect": [
						240,
						400,
						40,
						22
					]
				}
			},
			{
				"box": {
					"id": "obj-btn-augment-msg",
					"maxclass": "message",
					"text": "augment",
					"numinlets": 2,
					"numoutlets": 1,
					"outlettype": [
						""
					],
					"patching_rect": [
						240,
						430,
						60,
						22
					]
				}
			},
			{
				"box": {
					"id": "obj-btn-similar",
					"maxclass": "live.text",
					"varname": "btn_similar",
					"text": "Similar",
					"texton": "Similar",
					"mode": 0,
					"numinlets": 1,
					"numoutlets": 2,
					"outlettype": [
						"",
						""
					],
					"parameter_enable": 1,
					"patching_rect": [
						350,
						370,
						70,
						22
					],
					"presentation": 1,
					"presentation_rect": [
						332,
						88,
						56,
						18
					],
					"saved_attribute_attributes": {
						"valueof": {
							"parameter_longname": "Similar",
							"parameter_shortname": "Similar",
							"parameter_type": 2,
							"parameter_enum": [
								"val1",
								"val2"
							],
							"parameter_mmax": 1,
							"parameter_invisible": 2
						}
					}
				}
			},
			{
				"box": {
					"id": "obj-btn-similar-t",
					"maxclass": "newobj",
					"text": "t b b",
					"numinlets": 1,
					"numoutlets": 2,
					"outlettype": [
						"bang",
						"bang"
					],
					"patching_rect": [
						350,
						400,
						40,
						22
					]
				}
			},
			{
				"box": {
					"id": "obj-btn-similar-msg",
					"maxclass": "message",
					"text": "similar",
					"numinlets": 2,
					"numoutlets": 1,
					"outlettype": [
						""
					],
					"patching_rect": [
						350,
						430,
						60,
						22
					]
				}
			},
			{
				"box": {
					"id": "obj-btn-folder",
					"maxclass": "live.text",
					"varname": "btn_folder",
					"text": "Folder…",
					"texton": "Folder…",
					"mode": 0,
					"numinlets": 1,
					"numoutlets": 2,
					"outlettype": [
						"",
						""
					],
					"parameter_enable": 1,
					"patching_rect": [
						460,
						370,
						60,
						22
					],
					"presentation": 1,
					"presentation_rect": [
						392,
						88,
						70,
						18
					],
					"saved_attribute_attributes": {
						"valueof": {
							"parameter_longname": "Choose Folder",
							"parameter_shortname": "Folder",
							"parameter_type": 2,
							"parameter_enum": [
								"val1",
								"val2"
							],
							"parameter_mmax": 1,
							"parameter_invisible": 2
						}
					}
				}
			},
			{
				"box": {
					"id": "obj-opendialog",
					"maxclass": "newobj",
					"text": "opendialog fold",
					"numinlets": 1,
					"numoutlets": 2,
					"outlettype": [
						"",
						"bang"
					],
					"patching_rect": [
						460,
						400,
						100,
						22
					]
				}
			},
			{
				"box": {
					"id": "obj-folder-prepend",
					"maxclass": "newobj",
					"text": "prepend folder",
					"numinlets": 1,
					"numoutlets": 1,
					"outlettype": [
						""
					],
					"patching_rect": [
						460,
						430,
						90,
						22
					]
				}
			},
			{
				"box": {
					"id": "obj-btn-reveal",
					"maxclass": "live.text",
					"varname": "btn_reveal",
					"text": "Show Files",
					"texton": "Show Files",
					"mode": 0,
					"numinlets": 1,
					"numoutlets": 2,
					"outlettype": [
						"",
						""
					],
					"parameter_enable": 1,
					"patching_rect": [
						580,
						370,
						70,
						22
					],
					"presentation": 1,
					"presentation_rect": [
						466,
						88,
						90,
						18
					],
					"saved_attribute_attributes": {
						"valueof": {
							"parameter_longname": "Show Files",
							"parameter_shortname": "Files",
							"parameter_type": 2,
							"parameter_enum": [
								"val1",
								"val2"
							],
							"parameter_mmax": 1,
							"parameter_invisible": 2
						}
					}
				}
			},
			{
				"box": {
					"id": "obj-reveal-msg",
					"maxclass": "message",
					"text": "reveal",
					"numinlets": 2,
					"numoutlets": 1,
					"outlettype": [
						""
					],
					"patching_rect": [
						580,
						430,
						50,
						22
					]
				}
			},
			{
				"box": {
					"id": "obj-progress",
					"maxclass": "slider",
					"varname": "progress",
					"size": 101,
					"min": 0,
					"ignoreclick": 1,
					"orientation": 1,
					"numinlets": 1,
					"numoutlets": 1,
					"outlettype": [
						""
					],
					"parameter_enable": 0,
					"patching_rect": [
						420,
						620,
						200,
						12
					],
					"presentation": 1,
					"presentation_rect": [
						4,
						110,
						552,
						6
					]
				}
			},
			{
				"box": {
					"id": "obj-status-set",
					"maxclass": "newobj",
					"text": "prepend set",
					"numinlets": 1,
					"numoutlets": 1,
					"outlettype": [
						""
					],
					"patching_rect": [
						420,
						520,
						80,
						22
					]
				}
			},
			{
				"box": {
					"id": "obj-status",
					"maxclass": "comment",
					"text": "Start the API (mididrumigen serve), type an artist, press Generate.",
					"numinlets": 1,
					"numoutlets": 0,
					"patching_rect": [
						420,
						660,
						432,
						32
					],
					"presentation": 1,
					"presentation_rect": [
						4,
						119,
						552,
						28
					],
					"fontname": "Arial",
					"fontsize": 10,
					"varname": "status",
					"linecount": 2
				}
			},
			{
				"box": {
					"id": "obj-lbl-api",
					"maxclass": "comment",
					"text": "API",
					"numinlets": 1,
					"numoutlets": 0,
					"patching_rect": [
						20,
						600,
						24,
						16
					],
					"presentation": 1,
					"presentation_rect": [
						4,
						151,
						24,
						14
					],
					"fontname": "Arial Bold",
					"fontsize": 10
				}
			},
			{
				"box": {
					"id": "obj-api",
					"maxclass": "textedit",
					"varname": "api",
					"text": "http://127.0.0.1:8000",
					"keymode": 1,
					"lines": 1,
					"wordwrap": 0,
					"numinlets": 1,
					"numoutlets": 4,
					"outlettype": [
						"",
						"int",
						"",
						""
					],
					"patching_rect": [
						20,
						620,
						200,
						18
					],
					"presentation": 1,
					"presentation_rect": [
						30,
						149,
						220,
						16
					],
					"fontname": "Arial",
					"fontsize": 10,
					"annotation": "Address of the MidiDrumiGen API (mididrumigen serve). Press Return to apply."
				}
			},
			{
				"box": {
					"id": "obj-api-route",
					"maxclass": "newobj",
					"text": "route text",
					"numinlets": 2,
					"numoutlets": 2,
					"outlettype": [
						"",
						""
					],
					"patching_rect": [
						20,
						650,
						70,
						22
					]
				}
			},
			{
				"box": {
					"id": "obj-api-prepend",
					"maxclass": "newobj",
					"text": "prepend api",
					"numinlets": 1,
					"numoutlets": 1,
					"outlettype": [
						""
					],
					"patching_rect": [
						20,
						680,
						80,
						22
					]
				}
			},
			{
				"box": {
					"id": "obj-meter-set",
					"maxclass": "newobj",
					"text": "prepend set",
					"numinlets": 1,
					"numoutlets": 1,
					"outlettype": [
						""
					],
					"patching_rect": [
						640,
						520,
						80,
						22
					]
				}
			},
			{
				"box": {
					"id": "obj-meter",
					"maxclass": "comment",
					"text": "4/4 from Live",
					"numinlets": 1,
					"numoutlets": 0,
					"patching_rect": [
						640,
						560,
						200,
						16
					],
					"presentation": 1,
					"presentation_rect": [
						256,
						151,
						300,
						14
					],
					"fontname": "Arial Bold",
					"fontsize": 10,
					"varname": "meter"
				}
			},
			{
				"box": {
					"id": "obj-lbl-genre",
					"maxclass": "comment",
					"text": "Genre",
					"numinlets": 1,
					"numoutlets": 0,
					"patching_rect": [
						860,
						140,
						40,
						16
					],
					"presentation": 1,
					"presentation_rect": [
						380,
						6,
						34,
						16
					],
					"fontname": "Arial Bold",
					"fontsize": 10
				}
			},
			{
				"box": {
					"id": "obj-genre",
					"maxclass": "live.menu",
					"varname": "genre",
					"numinlets": 1,
					"numoutlets": 3,
					"outlettype": [
						"",
						"",
						"float"
					],
					"parameter_enable": 1,
					"patching_rect": [
						860,
						170,
						120,
						15
					],
					"presentation": 1,
					"presentation_rect": [
						414,
						6,
						142,
						16
					],
					"saved_attribute_attributes": {
						"valueof": {
							"parameter_longname": "Genre",
							"parameter_shortname": "Genre",
							"parameter_type": 2,
							"parameter_enum": [
								"Artist's",
								"Rock",
								"Hard rock",
								"Metal",
								"Punk",
								"Pop",
								"Indie",
								"Funk",
								"Soul",
								"Motown",
								"R&B",
								"Neo-soul",
								"Gospel",
								"Jazz",
								"Fusion",
								"Blues",
								"Hip-hop",
								"Boom bap",
								"Trap",
								"House",
								"Techno",
								"Disco",
								"Dance",
								"Drum & bass",
								"Breakbeat",
								"Electronic",
								"Reggae",
								"Dancehall",
								"Reggaeton",
								"Ska",
								"Latin",
								"Afro-Cuban",
								"Songo",
								"Samba",
								"Bossa nova",
								"Afrobeat",
								"New Orleans",
								"Country",
								"Prog"
							],
							"parameter_mmax": 38,
							"parameter_initial_enable": 1,
							"parameter_initial": [
								0
							],
							"parameter_invisible": 1
						}
					},
					"annotation": "The genre to play in; Artist's: the artist's own."
				}
			},
			{
				"box": {
					"id": "obj-lbl-bars",
					"maxclass": "comment",
					"text": "Bars",
					"numinlets": 1,
					"numoutlets": 0,
					"patching_rect": [
						20,
						260,
						46,
						16
					],
					"presentation": 1,
					"presentation_rect": [
						4,
						26,
						40,
						12
					],
					"fontname": "Arial Bold",
					"fontsize": 9
				}
			},
			{
				"box": {
					"id": "obj-lbl-variations",
					"maxclass": "comment",
					"text": "Vars",
					"numinlets": 1,
					"numoutlets": 0,
					"patching_rect": [
						120,
						260,
						46,
						16
					],
					"presentation": 1,
					"presentation_rect": [
						48,
						26,
						40,
						12
					],
					"fontname": "Arial Bold",
					"fontsize": 9
				}
			},
			{
				"box": {
					"id": "obj-lbl-fills",
					"maxclass": "comment",
					"text": "Fill every",
					"numinlets": 1,
					"numoutlets": 0,
					"patching_rect": [
						860,
						200,
						60,
						16
					],
					"presentation": 1,
					"presentation_rect": [
						92,
						26,
						84,
						12
					],
					"fontname": "Arial Bold",
					"fontsize": 9
				}
			},
			{
				"box": {
					"id": "obj-fills",
					"maxclass": "live.menu",
					"varname": "fills",
					"numinlets": 1,
					"numoutlets": 3,
					"outlettype": [
						"",
						"",
						"float"
					],
					"parameter_enable": 1,
					"patching_rect": [
						860,
						230,
						90,
						15
					],
					"presentation": 1,
					"presentation_rect": [
						92,
						39,
						84,
						15
					],
					"saved_attribute_attributes": {
						"valueof": {
							"parameter_longname": "Fill Every",
							"parameter_shortname": "Fills",
							"parameter_type": 2,
							"parameter_enum": [
								"off",
								"every bar",
								"every 2 bars",
								"every 3 bars",
								"every 4 bars",
								"every 5 bars",
								"every 6 bars",
								"every 7 bars",
								"every 8 bars",
								"every 9 bars",
								"every 10 bars",
								"every 11 bars",
								"every 12 bars",
								"every 13 bars",
								"every 14 bars",
								"every 15 bars",
								"every 16 bars"
							],
							"parameter_mmax": 16,
							"parameter_initial_enable": 1,
							"parameter_initial": [
								4
							],
							"parameter_invisible": 1
						}
					},
					"annotation": "A fill at the end of every N bars (off: no fills)."
				}
			},
			{
				"box": {
					"id": "obj-lbl-tempo",
					"maxclass": "comment",
					"text": "Tempo",
					"numinlets": 1,
					"numoutlets": 0,
					"patching_rect": [
						220,
						260,
						46,
						16
					],
					"presentation": 1,
					"presentation_rect": [
						180,
						26,
						48,
						12
					],
					"fontname": "Arial Bold",
					"fontsize": 9
				}
			},
			{
				"box": {
					"id": "obj-lbl-follow",
					"maxclass": "comment",
					"text": "Follow",
					"numinlets": 1,
					"numoutlets": 0,
					"patching_rect": [
						320,
						260,
						40,
						16
					],
					"presentation": 1,
					"presentation_rect": [
						230,
						26,
						36,
						12
					],
					"fontname": "Arial Bold",
					"fontsize": 9
				}
			},
			{
				"box": {
					"id": "obj-lbl-kit",
					"maxclass": "comment",
					"text": "Kit",
					"numinlets": 1,
					"numoutlets": 0,
					"patching_rect": [
						520,
						260,
						40,
						16
					],
					"presentation": 1,
					"presentation_rect": [
						268,
						26,
						110,
						12
					],
					"fontname": "Arial Bold",
					"fontsize": 9
				}
			},
			{
				"box": {
					"id": "obj-lbl-where",
					"maxclass": "comment",
					"text": "Where",
					"numinlets": 1,
					"numoutlets": 0,
					"patching_rect": [
						860,
						260,
						50,
						16
					],
					"presentation": 1,
					"presentation_rect": [
						382,
						26,
						84,
						12
					],
					"fontname": "Arial Bold",
					"fontsize": 9
				}
			},
			{
				"box": {
					"id": "obj-where",
					"maxclass": "live.menu",
					"varname": "where",
					"numinlets": 1,
					"numoutlets": 3,
					"outlettype": [
						"",
						"",
						"float"
					],
					"parameter_enable": 1,
					"patching_rect": [
						860,
						290,
						90,
						15
					],
					"presentation": 1,
					"presentation_rect": [
						382,
						39,
						84,
						15
					],
					"saved_attribute_attributes": {
						"valueof": {
							"parameter_longname": "Where",
							"parameter_shortname": "Where",
							"parameter_type": 2,
							"parameter_enum": [
								"Auto",
								"Session",
								"Arrangement"
							],
							"parameter_mmax": 2,
							"parameter_initial_enable": 1,
							"parameter_initial": [
								0
							],
							"parameter_invisible": 1
						}
					},
					"annotation": "Where clips go: Session (clip slots), Arrangement (at the insert marker), or Auto: the view Live shows."
				}
			},
			{
				"box": {
					"id": "obj-lbl-online",
					"maxclass": "comment",
					"text": "Research",
					"numinlets": 1,
					"numoutlets": 0,
					"patching_rect": [
						460,
						260,
						60,
						16
					],
					"presentation": 1,
					"presentation_rect": [
						470,
						26,
						86,
						12
					],
					"fontname": "Arial Bold",
					"fontsize": 9
				}
			},
			{
				"box": {
					"id": "obj-online",
					"maxclass": "live.text",
					"varname": "online",
					"text": "Offline",
					"texton": "Online",
					"mode": 1,
					"numinlets": 1,
					"numoutlets": 2,
					"outlettype": [
						"",
						""
					],
					"parameter_enable": 1,
					"patching_rect": [
						460,
						290,
						60,
						15
					],
					"presentation": 1,
					"presentation_rect": [
						470,
						39,
						86,
						15
					],
					"annotation": "Online: Research and Augment may ask MusicBrainz, Wikipedia/Wikidata and paper indexes. Offline (default): only what the API already has.",
					"saved_attribute_attributes": {
						"valueof": {
							"parameter_longname": "Online Research",
							"parameter_shortname": "Online",
							"parameter_type": 2,
							"parameter_enum": [
								"off",
								"on"
							],
							"parameter_mmax": 1,
							"parameter_initial_enable": 1,
							"parameter_initial": [
								0
							],
							"parameter_invisible": 1
						}
					}
				}
			},
			{
				"box": {
					"id": "obj-lbl-complexity",
					"maxclass": "comment",
					"text": "Complexity",
					"numinlets": 1,
					"numoutlets": 0,
					"patching_rect": [
						860,
						320,
						70,
						16
					],
					"presentation": 1,
					"presentation_rect": [
						4,
						57,
						72,
						12
					],
					"fontname": "Arial Bold",
					"fontsize": 9
				}
			},
			{
				"box": {
					"id": "obj-complexity-on",
					"maxclass": "live.toggle",
					"varname": "complexity_on",
					"numinlets": 1,
					"numoutlets": 1,
					"outlettype": [
						""
					],
					"parameter_enable": 1,
					"patching_rect": [
						860,
						350,
						15,
						15
					],
					"presentation": 1,
					"presentation_rect": [
						4,
						69,
						15,
						15
					],
					"saved_attribute_attributes": {
						"valueof": {
							"parameter_longname": "Complexity On",
							"parameter_shortname": "Complexity On",
							"parameter_type": 2,
							"parameter_enum": [
								"off",
								"on"
							],
							"parameter_mmax": 1,
							"parameter_initial_enable": 1,
							"parameter_initial": [
								0
							],
							"parameter_invisible": 1
						}
					},
					"annotation": "On: play at this complexity. Off: the artist's own."
				}
			},
			{
				"box": {
					"id": "obj-complexity",
					"maxclass": "live.numbox",
					"varname": "complexity",
					"numinlets": 1,
					"numoutlets": 2,
					"outlettype": [
						"",
						"float"
					],
					"parameter_enable": 1,
					"patching_rect": [
						880,
						350,
						50,
						15
					],
					"presentation": 1,
					"presentation_rect": [
						22,
						69,
						50,
						15
					],
					"saved_attribute_attributes": {
						"valueof": {
							"parameter_longname": "Complexity",
							"parameter_shortname": "Complex",
							"parameter_type": 0,
							"parameter_mmin": 0,
							"parameter_mmax": 100,
							"parameter_unitstyle": 5,
							"parameter_initial_enable": 1,
							"parameter_initial": [
								50
							]
						}
					},
					"annotation": "Denser, more syncopated, more ghost notes toward 100 %."
				}
			},
			{
				"box": {
					"id": "obj-lbl-swing",
					"maxclass": "comment",
					"text": "Swing",
					"numinlets": 1,
					"numoutlets": 0,
					"patching_rect": [
						940,
						320,
						50,
						16
					],
					"presentation": 1,
					"presentation_rect": [
						80,
						57,
						66,
						12
					],
					"fontname": "Arial Bold",
					"fontsize": 9
				}
			},
			{
				"box": {
					"id": "obj-swing-on",
					"maxclass": "live.toggle",
					"varname": "swing_on",
					"numinlets": 1,
					"numoutlets": 1,
					"outlettype": [
						""
					],
					"parameter_enable": 1,
					"patching_rect": [
						940,
						350,
						15,
						15
					],
					"presentation": 1,
					"presentation_rect": [
						80,
						69,
						15,
						15
					],
					"saved_attribute_attributes": {
						"valueof": {
							"parameter_longname": "Swing On",
							"parameter_shortname": "Swing On",
							"parameter_type": 2,
							"parameter_enum": [
								"off",
								"on"
							],
							"parameter_mmax": 1,
							"parameter_initial_enable": 1,
							"parameter_initial": [
								0
							],
							"parameter_invisible": 1
						}
					},
					"annotation": "On: swing by this much. Off: the artist's own swing."
				}
			},
			{
				"box": {
					"id": "obj-swing",
					"maxclass": "live.numbox",
					"varname": "swing",
					"numinlets": 1,
					"numoutlets": 2,
					"outlettype": [
						"",
						"float"
					],
					"parameter_enable": 1,
					"patching_rect": [
						960,
						350,
						50,
						15
					],
					"presentation": 1,
					"presentation_rect": [
						98,
						69,
						48,
						15
					],
					"saved_attribute_attributes": {
						"valueof": {
							"parameter_longname": "Swing",
							"parameter_shortname": "Swing",
							"parameter_type": 0,
							"parameter_mmin": 50,
							"parameter_mmax": 75,
							"parameter_unitstyle": 5,
							"parameter_initial_enable": 1,
							"parameter_initial": [
								58
							]
						}
					},
					"annotation": "Swing percent: 50 straight, 66.7 triplet, 75 dotted."
				}
			},
			{
				"box": {
					"id": "obj-lbl-human",
					"maxclass": "comment",
					"text": "Human",
					"numinlets": 1,
					"numoutlets": 0,
					"patching_rect": [
						1020,
						320,
						50,
						16
					],
					"presentation": 1,
					"presentation_rect": [
						152,
						57,
						50,
						12
					],
					"fontname": "Arial Bold",
					"fontsize": 9
				}
			},
			{
				"box": {
					"id": "obj-humanize",
					"maxclass": "live.numbox",
					"varname": "humanize",
					"numinlets": 1,
					"numoutlets": 2,
					"outlettype": [
						"",
						"float"
					],
					"parameter_enable": 1,
					"patching_rect": [
						1020,
						350,
						50,
						15
					],
					"presentation": 1,
					"presentation_rect": [
						152,
						69,
						50,
						15
					],
					"saved_attribute_attributes": {
						"valueof": {
							"parameter_longname": "Humanize",
							"parameter_shortname": "Human",
							"parameter_type": 0,
							"parameter_mmin": 0,
							"parameter_mmax": 100,
							"parameter_unitstyle": 5,
							"parameter_initial_enable": 1,
							"parameter_initial": [
								100
							]
						}
					},
					"annotation": "How much of the human timing and dynamics to play (0 %: on the grid)."
				}
			},
			{
				"box": {
					"id": "obj-lbl-seed",
					"maxclass": "comment",
					"text": "Seed",
					"numinlets": 1,
					"numoutlets": 0,
					"patching_rect": [
						1080,
						320,
						50,
						16
					],
					"presentation": 1,
					"presentation_rect": [
						208,
						57,
						64,
						12
					],
					"fontname": "Arial Bold",
					"fontsize": 9
				}
			},
			{
				"box": {
					"id": "obj-seed",
					"maxclass": "live.numbox",
					"varname": "seed",
					"numinlets": 1,
					"numoutlets": 2,
					"outlettype": [
						"",
						"float"
					],
					"parameter_enable": 1,
					"patching_rect": [
						1080,
						350,
						64,
						15
					],
					"presentation": 1,
					"presentation_rect": [
						208,
						69,
						64,
						15
					],
					"saved_attribute_attributes": {
						"valueof": {
							"parameter_longname": "Seed",
							"parameter_shortname": "Seed",
							"parameter_type": 0,
							"parameter_mmin": 0,
							"parameter_mmax": 9999999,
							"parameter_unitstyle": 0,
							"parameter_initial_enable": 1,
							"parameter_initial": [
								1
							],
							"parameter_invisible": 1
						}
					},
					"annotation": "The seed of the last take. Lock it to get the same groove again."
				}
			},
			{
				"box": {
					"id": "obj-lbl-lock",
					"maxclass": "comment",
					"text": "Lock",
					"numinlets": 1,
					"numoutlets": 0,
					"patching_rect": [
						1150,
						320,
						40,
						16
					],
					"presentation": 1,
					"presentation_rect": [
						276,
						57,
						30,
						12
					],
					"fontname": "Arial Bold",
					"fontsize": 9
				}
			},
			{
				"box": {
					"id": "obj-lock",
					"maxclass": "live.toggle",
					"varname": "lock",
					"numinlets": 1,
					"numoutlets": 1,
					"outlettype": [
						""
					],
					"parameter_enable": 1,
					"patching_rect": [
						1150,
						350,
						15,
						15
					],
					"presentation": 1,
					"presentation_rect": [
						278,
						69,
						15,
						15
					],
					"saved_attribute_attributes": {
						"valueof": {
							"parameter_longname": "Seed Lock",
							"parameter_shortname": "Seed Lock",
							"parameter_type": 2,
							"parameter_enum": [
								"off",
								"on"
							],
							"parameter_mmax": 1,
							"parameter_initial_enable": 1,
							"parameter_initial": [
								0
							],
							"parameter_invisible": 1
						}
					},
					"annotation": "On: Generate uses the seed shown. Off: a new seed every time."
				}
			},
			{
				"box": {
					"id": "obj-btn-reroll",
					"maxclass": "live.text",
					"varname": "btn_reroll",
					"text": "Re-roll",
					"texton": "Re-roll",
					"mode": 0,
					"numinlets": 1,
					"numoutlets": 2,
					"outlettype": [
						"",
						""
					],
					"parameter_enable": 1,
					"patching_rect": [
						860,
						400,
						56,
						22
					],
					"presentation": 1,
					"presentation_rect": [
						88,
						88,
						56,
						18
					],
					"annotation": "Generate variation Var again with a new seed and put it in place of its clip; the others stay.",
					"saved_attribute_attributes": {
						"valueof": {
							"parameter_longname": "Re-roll",
							"parameter_shortname": "Re-roll",
							"parameter_type": 2,
							"parameter_enum": [
								"val1",
								"val2"
							],
							"parameter_mmax": 1,
							"parameter_invisible": 2
						}
					}
				}
			},
			{
				"box": {
					"id": "obj-lbl-rerollvar",
					"maxclass": "comment",
					"text": "Var",
					"numinlets": 1,
					"numoutlets": 0,
					"patching_rect": [
						920,
						380,
						30,
						16
					],
					"presentation": 1,
					"presentation_rect": [
						147,
						91,
						22,
						12
					],
					"fontname": "Arial Bold",
					"fontsize": 9
				}
			},
			{
				"box": {
					"id": "obj-rerollvar",
					"maxclass": "live.numbox",
					"varname": "rerollvar",
					"numinlets": 1,
					"numoutlets": 2,
					"outlettype": [
						"",
						"float"
					],
					"parameter_enable": 1,
					"patching_rect": [
						920,
						400,
						30,
						15
					],
					"presentation": 1,
					"presentation_rect": [
						168,
						90,
						28,
						15
					],
					"saved_attribute_attributes": {
						"valueof": {
							"parameter_longname": "Re-roll Variation",
							"parameter_shortname": "Var",
							"parameter_type": 1,
							"parameter_mmin": 1,
							"parameter_mmax": 8,
							"parameter_unitstyle": 0,
							"parameter_initial_enable": 1,
							"parameter_initial": [
								1
							],
							"parameter_invisible": 1
						}
					},
					"annotation": "The variation Re-roll replaces."
				}
			},
			{
				"box": {
					"id": "obj-bars-prepend",
					"maxclass": "newobj",
					"text": "prepend bars",
					"numinlets": 1,
					"numoutlets": 1,
					"outlettype": [
						""
					],
					"patching_rect": [
						20,
						760,
						96,
						22
					]
				}
			},
			{
				"box": {
					"id": "obj-bars-keep",
					"maxclass": "newobj",
					"text": "f",
					"numinlets": 2,
					"numoutlets": 1,
					"outlettype": [
						"float"
					],
					"patching_rect": [
						20,
						730,
						40,
						22
					]
				}
			},
			{
				"box": {
					"id": "obj-variations-prepend",
					"maxclass": "newobj",
					"text": "prepend variations",
					"numinlets": 1,
					"numoutlets": 1,
					"outlettype": [
						""
					],
					"patching_rect": [
						120,
						760,
						96,
						22
					]
				}
			},
			{
				"box": {
					"id": "obj-variations-keep",
					"maxclass": "newobj",
					"text": "f",
					"numinlets": 2,
					"numoutlets": 1,
					"outlettype": [
						"float"
					],
					"patching_rect": [
						120,
						730,
						40,
						22
					]
				}
			},
			{
				"box": {
					"id": "obj-tempo-prepend",
					"maxclass": "newobj",
					"text": "prepend tempo",
					"numinlets": 1,
					"numoutlets": 1,
					"outlettype": [
						""
					],
					"patching_rect": [
						220,
						760,
						96,
						22
					]
				}
			},
			{
				"box": {
					"id": "obj-tempo-keep",
					"maxclass": "newobj",
					"text": "f",
					"numinlets": 2,
					"numoutlets": 1,
					"outlettype": [
						"float"
					],
					"patching_rect": [
						220,
						730,
						40,
						22
					]
				}
			},
			{
				"box": {
					"id": "obj-follow-prepend",
					"maxclass": "newobj",
					"text": "prepend follow",
					"numinlets": 1,
					"numoutlets": 1,
					"outlettype": [
						""
					],
					"patching_rect": [
						320,
						760,
						96,
						22
					]
				}
			},
			{
				"box": {
					"id": "obj-follow-keep",
					"maxclass": "newobj",
					"text": "f",
					"numinlets": 2,
					"numoutlets": 1,
					"outlettype": [
						"float"
					],
					"patching_rect": [
						320,
						730,
						40,
						22
					]
				}
			},
			{
				"box": {
					"id": "obj-drummap-prepend",
					"maxclass": "newobj",
					"text": "prepend drummap",
					"numinlets": 1,
					"numoutlets": 1,
					"outlettype": [
						""
					],
					"patching_rect": [
						420,
						760,
						96,
						22
					]
				}
			},
			{
				"box": {
					"id": "obj-drummap-keep",
					"maxclass": "newobj",
					"text": "f",
					"numinlets": 2,
					"numoutlets": 1,
					"outlettype": [
						"float"
					],
					"patching_rect": [
						420,
						730,
						40,
						22
					]
				}
			},
			{
				"box": {
					"id": "obj-genre-prepend",
					"maxclass": "newobj",
					"text": "prepend genre",
					"numinlets": 1,
					"numoutlets": 1,
					"outlettype": [
						""
					],
					"patching_rect": [
						520,
						760,
						96,
						22
					]
				}
			},
			{
				"box": {
					"id": "obj-genre-keep",
					"maxclass": "newobj",
					"text": "f",
					"numinlets": 2,
					"numoutlets": 1,
					"outlettype": [
						"float"
					],
					"patching_rect": [
						520,
						730,
						40,
						22
					]
				}
			},
			{
				"box": {
					"id": "obj-fills-prepend",
					"maxclass": "newobj",
					"text": "prepend fills",
					"numinlets": 1,
					"numoutlets": 1,
					"outlettype": [
						""
					],
					"patching_rect": [
						620,
						760,
						96,
						22
					]
				}
			},
			{
				"box": {
					"id": "obj-fills-keep",
					"maxclass": "newobj",
					"text": "f",
					"numinlets": 2,
					"numoutlets": 1,
					"outlettype": [
						"float"
					],
					"patching_rect": [
						620,
						730,
						40,
						22
					]
				}
			},
			{
				"box": {
					"id": "obj-where-prepend",
					"maxclass": "newobj",
					"text": "prepend where",
					"numinlets": 1,
					"numoutlets": 1,
					"outlettype": [
						""
					],
					"patching_rect": [
						720,
						760,
						96,
						22
					]
				}
			},
			{
				"box": {
					"id": "obj-where-keep",
					"maxclass": "newobj",
					"text": "f",
					"numinlets": 2,
					"numoutlets": 1,
					"outlettype": [
						"float"
					],
					"patching_rect": [
						720,
						730,
						40,
						22
					]
				}
			},
			{
				"box": {
					"id": "obj-online-prepend",
					"maxclass": "newobj",
					"text": "prepend online",
					"numinlets": 1,
					"numoutlets": 1,
					"outlettype": [
						""
					],
					"patching_rect": [
						820,
						760,
						96,
						22
					]
				}
			},
			{
				"box": {
					"id": "obj-online-keep",
					"maxclass": "newobj",
					"text": "f",
					"numinlets": 2,
					"numoutlets": 1,
					"outlettype": [
						"float"
					],
					"patching_rect": [
						820,
						730,
						40,
						22
					]
				}
			},
			{
				"box": {
					"id": "obj-complexity-on-prepend",
					"maxclass": "newobj",
					"text": "prepend complexity_on",
					"numinlets": 1,
					"numoutlets": 1,
					"outlettype": [
						""
					],
					"patching_rect": [
						920,
						760,
						96,
						22
					]
				}
			},
			{
				"box": {
					"id": "obj-complexity-on-keep",
					"maxclass": "newobj",
					"text": "f",
					"numinlets": 2,
					"numoutlets": 1,
					"outlettype": [
						"float"
					],
					"patching_rect": [
						920,
						730,
						40,
						22
					]
				}
			},
			{
				"box": {
					"id": "obj-complexity-prepend",
					"maxclass": "newobj",
					"text": "prepend complexity",
					"numinlets": 1,
					"numoutlets": 1,
					"outlettype": [
						""
					],
					"patching_rect": [
						1020,
						760,
						96,
						22
					]
				}
			},
			{
				"box": {
					"id": "obj-complexity-keep",
					"maxclass": "newobj",
					"text": "f",
					"numinlets": 2,
					"numoutlets": 1,
					"outlettype": [
						"float"
					],
					"patching_rect": [
						1020,
						730,
						40,
						22
					]
				}
			},
			{
				"box": {
					"id": "obj-swing-on-prepend",
					"maxclass": "newobj",
					"text": "prepend swing_on",
					"numinlets": 1,
					"numoutlets": 1,
					"outlettype": [
						""
					],
					"patching_rect": [
						1120,
						760,
						96,
						22
					]
				}
			},
			{
				"box": {
					"id": "obj-swing-on-keep",
					"maxclass": "newobj",
					"text": "f",
					"numinlets": 2,
					"numoutlets": 1,
					"outlettype": [
						"float"
					],
					"patching_rect": [
						1120,
						730,
						40,
						22
					]
				}
			},
			{
				"box": {
					"id": "obj-swing-prepend",
					"maxclass": "newobj",
					"text": "prepend swing",
					"numinlets": 1,
					"numoutlets": 1,
					"outlettype": [
						""
					],
					"patching_rect": [
						1220,
						760,
						96,
						22
					]
				}
			},
			{
				"box": {
					"id": "obj-swing-keep",
					"maxclass": "newobj",
					"text": "f",
					"numinlets": 2,
					"numoutlets": 1,
					"outlettype": [
						"float"
					],
					"patching_rect": [
						1220,
						730,
						40,
						22
					]
				}
			},
			{
				"box": {
					"id": "obj-humanize-prepend",
					"maxclass": "newobj",
					"text": "prepend humanize",
					"numinlets": 1,
					"numoutlets": 1,
					"outlettype": [
						""
					],
					"patching_rect": [
						1320,
						760,
						96,
						22
					]
				}
			},
			{
				"box": {
					"id": "obj-humanize-keep",
					"maxclass": "newobj",
					"text": "f",
					"numinlets": 2,
					"numoutlets": 1,
					"outlettype": [
						"float"
					],
					"patching_rect": [
						1320,
						730,
						40,
						22
					]
				}
			},
			{
				"box": {
					"id": "obj-seed-prepend",
					"maxclass": "newobj",
					"text": "prepend seed",
					"numinlets": 1,
					"numoutlets": 1,
					"outlettype": [
						""
					],
					"patching_rect": [
						1420,
						760,
						96,
						22
					]
				}
			},
			{
				"box": {
					"id": "obj-seed-keep",
					"maxclass": "newobj",
					"text": "f",
					"numinlets": 2,
					"numoutlets": 1,
					"outlettype": [
						"float"
					],
					"patching_rect": [
						1420,
						730,
						40,
						22
					]
				}
			},
			{
				"box": {
					"id": "obj-lock-prepend",
					"maxclass": "newobj",
					"text": "prepend lock",
					"numinlets": 1,
					"numoutlets": 1,
					"outlettype": [
						""
					],
					"patching_rect": [
						1520,
						760,
						96,
						22
					]
				}
			},
			{
				"box": {
					"id": "obj-lock-keep",
					"maxclass": "newobj",
					"text": "f",
					"numinlets": 2,
					"numoutlets": 1,
					"outlettype": [
						"float"
					],
					"patching_rect": [
						1520,
						730,
						40,
						22
					]
				}
			},
			{
				"box": {
					"id": "obj-rerollvar-prepend",
					"maxclass": "newobj",
					"text": "prepend rerollvar",
					"numinlets": 1,
					"numoutlets": 1,
					"outlettype": [
						""
					],
					"patching_rect": [
						1620,
						760,
						96,
						22
					]
				}
			},
			{
				"box": {
					"id": "obj-rerollvar-keep",
					"maxclass": "newobj",
					"text": "f",
					"numinlets": 2,
					"numoutlets": 1,
					"outlettype": [
						"float"
					],
					"patching_rect": [
						1620,
						730,
						40,
						22
					]
				}
			},
			{
				"box": {
					"id": "obj-artist-pattr",
					"maxclass": "newobj",
					"text": "pattr @parameter_enable 1",
					"varname": "artist_saved",
					"numinlets": 1,
					"numoutlets": 3,
					"outlettype": [
						"",
						"",
						""
					],
					"patching_rect": [
						120,
						220,
						150,
						22
					],
					"restore": [],
					"saved_object_attributes": {
						"parameter_enable": 1,
						"parameter_mappable": 0
					},
					"saved_attribute_attributes": {
						"valueof": {
							"parameter_longname": "Artist",
							"parameter_shortname": "Artist",
							"parameter_type": 3,
							"parameter_invisible": 1
						}
					}
				}
			},
			{
				"box": {
					"id": "obj-artist-saved",
					"maxclass": "newobj",
					"text": "prepend artistsaved",
					"numinlets": 1,
					"numoutlets": 1,
					"outlettype": [
						""
					],
					"patching_rect": [
						120,
						250,
						120,
						22
					]
				}
			},
			{
				"box": {
					"id": "obj-artist-show",
					"maxclass": "newobj",
					"text": "prepend set",
					"numinlets": 1,
					"numoutlets": 1,
					"outlettype": [
						""
					],
					"patching_rect": [
						280,
						250,
						80,
						22
					]
				}
			},
			{
				"box": {
					"id": "obj-btn-reroll-t",
					"maxclass": "newobj",
					"text": "t b b",
					"numinlets": 1,
					"numoutlets": 2,
					"outlettype": [
						"bang",
						"bang"
					],
					"patching_rect": [
						860,
						430,
						40,
						22
					]
				}
			},
			{
				"box": {
					"id": "obj-btn-reroll-msg",
					"maxclass": "message",
					"text": "reroll",
					"numinlets": 2,
					"numoutlets": 1,
					"outlettype": [
						""
					],
					"patching_rect": [
						860,
						460,
						50,
						22
					]
				}
			},
			{
				"box": {
					"id": "obj-sync",
					"maxclass": "newobj",
					"text": "t b b b b b b b b b b b b b b b b b b b",
					"numinlets": 1,
					"numoutlets": 19,
					"outlettype": [
						"bang",
						"bang",
						"bang",
						"bang",
						"bang",
						"bang",
						"bang",
						"bang",
						"bang",
						"bang",
						"bang",
						"bang",
						"bang",
						"bang",
						"bang",
						"bang",
						"bang",
						"bang",
						"bang"
					],
					"patching_rect": [
						20,
						700,
						360,
						22
					]
				}
			},
			{
				"box": {
					"id": "obj-lbl-feel",
					"maxclass": "comment",
					"text": "Your clip, Human % of the feel",
					"numinlets": 1,
					"numoutlets": 0,
					"patching_rect": [
						1000,
						400,
						170,
						20
					],
					"presentation": 1,
					"presentation_rect": [
						312,
						57,
						150,
						12
					],
					"fontname": "Arial Bold",
					"fontsize": 9
				}
			},
			{
				"box": {
					"id": "obj-btn-feel",
					"maxclass": "live.text",
					"varname": "btn_feel",
					"text": "Apply feel to clip",
					"texton": "Apply feel to clip",
					"mode": 0,
					"numinlets": 1,
					"numoutlets": 2,
					"outlettype": [
						"",
						""
					],
					"parameter_enable": 1,
					"patching_rect": [
						1000,
						430,
						110,
						22
					],
					"presentation": 1,
					"presentation_rect": [
						312,
						68,
						150,
						18
					],
					"annotation": "Play the clip selected in Live (Session slot or the clip in Detail view) like the artist: its notes go to the API and come back in the artist's feel, Human % of it; every note is kept. One undo step where Live allows.",
					"saved_attribute_attributes": {
						"valueof": {
							"parameter_longname": "Apply Feel",
							"parameter_shortname": "Apply Feel",
							"parameter_type": 2,
							"parameter_enum": [
								"val1",
								"val2"
							],
							"parameter_mmax": 1,
							"parameter_invisible": 2
						}
					}
				}
			},
			{
				"box": {
					"id": "obj-btn-feel-t",
					"maxclass": "newobj",
					"text": "t b b",
					"numinlets": 1,
					"numoutlets": 2,
					"outlettype": [
						"bang",
						"bang"
					],
					"patching_rect": [
						1000,
						460,
						40,
						22
					]
				}
			},
			{
				"box": {
					"id": "obj-btn-feel-msg",
					"maxclass": "message",
					"text": "applyfeel",
					"numinlets": 2,
					"numoutlets": 1,
					"outlettype": [
						""
					],
					"patching_rect": [
						1000,
						490,
						64,
						22
					]
				}
			},
			{
				"box": {
					"id": "obj-lbl-ghosts",
					"maxclass": "comment",
					"text": "Ghosts",
					"numinlets": 1,
					"numoutlets": 0,
					"patching_rect": [
						1180,
						400,
						50,
						20
					],
					"presentation": 1,
					"presentation_rect": [
						468,
						57,
						40,
						12
					],
					"fontname": "Arial Bold",
					"fontsize": 9
				}
			},
			{
				"box": {
					"id": "obj-ghosts",
					"maxclass": "live.toggle",
					"varname": "ghosts",
					"numinlets": 1,
					"numoutlets": 1,
					"outlettype": [
						""
					],
					"parameter_enable": 1,
					"patching_rect": [
						1180,
						430,
						15,
						15
					],
					"presentation": 1,
					"presentation_rect": [
						472,
						70,
						15,
						15
					],
					"annotation": "Apply feel: also add the artist's ghost notes (the only notes it ever adds).",
					"saved_attribute_attributes": {
						"valueof": {
							"parameter_longname": "Feel Ghosts",
							"parameter_shortname": "Ghosts",
							"parameter_type": 2,
							"parameter_enum": [
								"off",
								"on"
							],
							"parameter_mmax": 1,
							"parameter_initial_enable": 1,
							"parameter_initial": [
								0
							],
							"parameter_invisible": 1
						}
					}
				}
			},
			{
				"box": {
					"id": "obj-ghosts-keep",
					"maxclass": "newobj",
					"text": "f",
					"numinlets": 2,
					"numoutlets": 1,
					"outlettype": [
						"float"
					],
					"patching_rect": [
						1580,
						730,
						40,
						22
					]
				}
			},
			{
				"box": {
					"id": "obj-ghosts-prepend",
					"maxclass": "newobj",
					"text": "prepend ghosts",
					"numinlets": 1,
					"numoutlets": 1,
					"outlettype": [
						""
					],
					"patching_rect": [
						1580,
						760,
						96,
						22
					]
				}
			}
		],
		"lines": [
			{
				"patchline": {
					"source": [
						"obj-midiin",
						0
					],
					"destination": [
						"obj-midiout",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-thisdevice",
						0
					],
					"destination": [
						"obj-init",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-init",
						0
					],
					"destination": [
						"obj-writer",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-bridge",
						0
					],
					"destination": [
						"obj-route",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-route",
						2
					],
					"destination": [
						"obj-deferlow",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-deferlow",
						0
					],
					"destination": [
						"obj-writer",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-writer",
						0
					],
					"destination": [
						"obj-bridge",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-artist",
						0
					],
					"destination": [
						"obj-artist-route",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-artist-route",
						0
					],
					"destination": [
						"obj-artist-prepend",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-artist-route",
						1
					],
					"destination": [
						"obj-artist-prepend",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-artist-prepend",
						0
					],
					"destination": [
						"obj-bridge",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-similar-menu",
						1
					],
					"destination": [
						"obj-pick",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-pick",
						0
					],
					"destination": [
						"obj-bridge",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-route",
						3
					],
					"destination": [
						"obj-similar-menu",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-route",
						4
					],
					"destination": [
						"obj-artist",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-route",
						6
					],
					"destination": [
						"obj-tempo",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-btn-generate",
						0
					],
					"destination": [
						"obj-btn-generate-t",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-btn-generate-t",
						1
					],
					"destination": [
						"obj-artist",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-btn-generate-t",
						0
					],
					"destination": [
						"obj-btn-generate-msg",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-btn-generate-msg",
						0
					],
					"destination": [
						"obj-bridge",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-btn-research",
						0
					],
					"destination": [
						"obj-btn-research-t",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-btn-research-t",
						1
					],
					"destination": [
						"obj-artist",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-btn-research-t",
						0
					],
					"destination": [
						"obj-btn-research-msg",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-btn-research-msg",
						0
					],
					"destination": [
						"obj-bridge",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-btn-augment",
						0
					],
					"destination": [
						"obj-btn-augment-t",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-btn-augment-t",
						1
					],
					"destination": [
						"obj-artist",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-btn-augment-t",
						0
					],
					"destination": [
						"obj-btn-augment-msg",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-btn-augment-msg",
						0
					],
					"destination": [
						"obj-bridge",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-btn-similar",
						0
					],
					"destination": [
						"obj-btn-similar-t",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-btn-similar-t",
						1
					],
					"destination": [
						"obj-artist",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-btn-similar-t",
						0
					],
					"destination": [
						"obj-btn-similar-msg",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-btn-similar-msg",
						0
					],
					"destination": [
						"obj-bridge",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-btn-folder",
						0
					],
					"destination": [
						"obj-opendialog",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-opendialog",
						0
					],
					"destination": [
						"obj-folder-prepend",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-folder-prepend",
						0
					],
					"destination": [
						"obj-bridge",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-btn-reveal",
						0
					],
					"destination": [
						"obj-reveal-msg",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-reveal-msg",
						0
					],
					"destination": [
						"obj-bridge",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-route",
						1
					],
					"destination": [
						"obj-progress",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-route",
						0
					],
					"destination": [
						"obj-status-set",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-status-set",
						0
					],
					"destination": [
						"obj-status",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-api",
						0
					],
					"destination": [
						"obj-api-route",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-api-route",
						0
					],
					"destination": [
						"obj-api-prepend",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-api-route",
						1
					],
					"destination": [
						"obj-api-prepend",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-api-prepend",
						0
					],
					"destination": [
						"obj-bridge",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-route",
						5
					],
					"destination": [
						"obj-api",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-route",
						7
					],
					"destination": [
						"obj-meter-set",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-meter-set",
						0
					],
					"destination": [
						"obj-meter",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-bars",
						0
					],
					"destination": [
						"obj-bars-prepend",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-bars",
						0
					],
					"destination": [
						"obj-bars-keep",
						1
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-bars-keep",
						0
					],
					"destination": [
						"obj-bars-prepend",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-bars-prepend",
						0
					],
					"destination": [
						"obj-bridge",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-variations",
						0
					],
					"destination": [
						"obj-variations-prepend",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-variations",
						0
					],
					"destination": [
						"obj-variations-keep",
						1
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-variations-keep",
						0
					],
					"destination": [
						"obj-variations-prepend",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-variations-prepend",
						0
					],
					"destination": [
						"obj-bridge",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-tempo",
						0
					],
					"destination": [
						"obj-tempo-prepend",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-tempo",
						0
					],
					"destination": [
						"obj-tempo-keep",
						1
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-tempo-keep",
						0
					],
					"destination": [
						"obj-tempo-prepend",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-tempo-prepend",
						0
					],
					"destination": [
						"obj-bridge",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-follow",
						0
					],
					"destination": [
						"obj-follow-prepend",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-follow",
						0
					],
					"destination": [
						"obj-follow-keep",
						1
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-follow-keep",
						0
					],
					"destination": [
						"obj-follow-prepend",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-follow-prepend",
						0
					],
					"destination": [
						"obj-bridge",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-drummap",
						0
					],
					"destination": [
						"obj-drummap-prepend",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-drummap",
						0
					],
					"destination": [
						"obj-drummap-keep",
						1
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-drummap-keep",
						0
					],
					"destination": [
						"obj-drummap-prepend",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-drummap-prepend",
						0
					],
					"destination": [
						"obj-bridge",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-genre",
						0
					],
					"destination": [
						"obj-genre-prepend",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-genre",
						0
					],
					"destination": [
						"obj-genre-keep",
						1
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-genre-keep",
						0
					],
					"destination": [
						"obj-genre-prepend",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-genre-prepend",
						0
					],
					"destination": [
						"obj-bridge",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-fills",
						0
					],
					"destination": [
						"obj-fills-prepend",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-fills",
						0
					],
					"destination": [
						"obj-fills-keep",
						1
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-fills-keep",
						0
					],
					"destination": [
						"obj-fills-prepend",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-fills-prepend",
						0
					],
					"destination": [
						"obj-bridge",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-where",
						0
					],
					"destination": [
						"obj-where-prepend",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-where",
						0
					],
					"destination": [
						"obj-where-keep",
						1
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-where-keep",
						0
					],
					"destination": [
						"obj-where-prepend",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-where-prepend",
						0
					],
					"destination": [
						"obj-bridge",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-online",
						0
					],
					"destination": [
						"obj-online-prepend",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-online",
						0
					],
					"destination": [
						"obj-online-keep",
						1
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-online-keep",
						0
					],
					"destination": [
						"obj-online-prepend",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-online-prepend",
						0
					],
					"destination": [
						"obj-bridge",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-complexity-on",
						0
					],
					"destination": [
						"obj-complexity-on-prepend",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-complexity-on",
						0
					],
					"destination": [
						"obj-complexity-on-keep",
						1
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-complexity-on-keep",
						0
					],
					"destination": [
						"obj-complexity-on-prepend",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-complexity-on-prepend",
						0
					],
					"destination": [
						"obj-bridge",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-complexity",
						0
					],
					"destination": [
						"obj-complexity-prepend",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-complexity",
						0
					],
					"destination": [
						"obj-complexity-keep",
						1
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-complexity-keep",
						0
					],
					"destination": [
						"obj-complexity-prepend",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-complexity-prepend",
						0
					],
					"destination": [
						"obj-bridge",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-swing-on",
						0
					],
					"destination": [
						"obj-swing-on-prepend",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-swing-on",
						0
					],
					"destination": [
						"obj-swing-on-keep",
						1
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-swing-on-keep",
						0
					],
					"destination": [
						"obj-swing-on-prepend",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-swing-on-prepend",
						0
					],
					"destination": [
						"obj-bridge",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-swing",
						0
					],
					"destination": [
						"obj-swing-prepend",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-swing",
						0
					],
					"destination": [
						"obj-swing-keep",
						1
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-swing-keep",
						0
					],
					"destination": [
						"obj-swing-prepend",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-swing-prepend",
						0
					],
					"destination": [
						"obj-bridge",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-humanize",
						0
					],
					"destination": [
						"obj-humanize-prepend",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-humanize",
						0
					],
					"destination": [
						"obj-humanize-keep",
						1
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-humanize-keep",
						0
					],
					"destination": [
						"obj-humanize-prepend",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-humanize-prepend",
						0
					],
					"destination": [
						"obj-bridge",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-seed",
						0
					],
					"destination": [
						"obj-seed-prepend",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-seed",
						0
					],
					"destination": [
						"obj-seed-keep",
						1
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-seed-keep",
						0
					],
					"destination": [
						"obj-seed-prepend",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-seed-prepend",
						0
					],
					"destination": [
						"obj-bridge",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-lock",
						0
					],
					"destination": [
						"obj-lock-prepend",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-lock",
						0
					],
					"destination": [
						"obj-lock-keep",
						1
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-lock-keep",
						0
					],
					"destination": [
						"obj-lock-prepend",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-lock-prepend",
						0
					],
					"destination": [
						"obj-bridge",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-rerollvar",
						0
					],
					"destination": [
						"obj-rerollvar-prepend",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-rerollvar",
						0
					],
					"destination": [
						"obj-rerollvar-keep",
						1
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-rerollvar-keep",
						0
					],
					"destination": [
						"obj-rerollvar-prepend",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-rerollvar-prepend",
						0
					],
					"destination": [
						"obj-bridge",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-artist-pattr",
						0
					],
					"destination": [
						"obj-artist-saved",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-artist-pattr",
						0
					],
					"destination": [
						"obj-artist-show",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-artist-saved",
						0
					],
					"destination": [
						"obj-bridge",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-artist-show",
						0
					],
					"destination": [
						"obj-artist",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-btn-reroll",
						0
					],
					"destination": [
						"obj-btn-reroll-t",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-btn-reroll-t",
						1
					],
					"destination": [
						"obj-artist",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-btn-reroll-t",
						0
					],
					"destination": [
						"obj-btn-reroll-msg",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-btn-reroll-msg",
						0
					],
					"destination": [
						"obj-bridge",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-route",
						8
					],
					"destination": [
						"obj-seed",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-route",
						9
					],
					"destination": [
						"obj-artist-pattr",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-route",
						10
					],
					"destination": [
						"obj-sync",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-sync",
						1
					],
					"destination": [
						"obj-bars-keep",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-sync",
						2
					],
					"destination": [
						"obj-variations-keep",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-sync",
						3
					],
					"destination": [
						"obj-tempo-keep",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-sync",
						4
					],
					"destination": [
						"obj-follow-keep",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-sync",
						5
					],
					"destination": [
						"obj-drummap-keep",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-sync",
						6
					],
					"destination": [
						"obj-genre-keep",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-sync",
						7
					],
					"destination": [
						"obj-fills-keep",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-sync",
						8
					],
					"destination": [
						"obj-where-keep",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-sync",
						9
					],
					"destination": [
						"obj-online-keep",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-sync",
						10
					],
					"destination": [
						"obj-complexity-on-keep",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-sync",
						11
					],
					"destination": [
						"obj-complexity-keep",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-sync",
						12
					],
					"destination": [
						"obj-swing-on-keep",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-sync",
						13
					],
					"destination": [
						"obj-swing-keep",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-sync",
						14
					],
					"destination": [
						"obj-humanize-keep",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-sync",
						15
					],
					"destination": [
						"obj-seed-keep",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-sync",
						16
					],
					"destination": [
						"obj-lock-keep",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-sync",
						17
					],
					"destination": [
						"obj-rerollvar-keep",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-sync",
						0
					],
					"destination": [
						"obj-artist-pattr",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-btn-feel",
						0
					],
					"destination": [
						"obj-btn-feel-t",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-btn-feel-t",
						1
					],
					"destination": [
						"obj-artist",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-btn-feel-t",
						0
					],
					"destination": [
						"obj-btn-feel-msg",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-btn-feel-msg",
						0
					],
					"destination": [
						"obj-bridge",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-ghosts",
						0
					],
					"destination": [
						"obj-ghosts-prepend",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-ghosts",
						0
					],
					"destination": [
						"obj-ghosts-keep",
						1
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-ghosts-keep",
						0
					],
					"destination": [
						"obj-ghosts-prepend",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-ghosts-prepend",
						0
					],
					"destination": [
						"obj-bridge",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-sync",
						18
					],
					"destination": [
						"obj-ghosts-keep",
						0
					]
				}
			}
		],
		"parameters": {
			"obj-bars": [
				"Bars",
				"Bars",
				0
			],
			"obj-variations": [
				"Variations",
				"Vars",
				0
			],
			"obj-tempo": [
				"Tempo",
				"Tempo",
				0
			],
			"obj-follow": [
				"Follow Live Tempo",
				"Follow Live Tempo",
				0
			],
			"obj-drummap": [
				"Drum Map",
				"Kit",
				0
			],
			"obj-btn-generate": [
				"Generate",
				"Generate",
				0
			],
			"obj-btn-research": [
				"Research",
				"Research",
				0
			],
			"obj-btn-augment": [
				"Augment",
				"Augment",
				0
			],
			"obj-btn-similar": [
				"Similar",
				"Similar",
				0
			],
			"obj-btn-folder": [
				"Choose Folder",
				"Folder",
				0
			],
			"obj-btn-reveal": [
				"Show Files",
				"Files",
				0
			],
			"obj-genre": [
				"Genre",
				"Genre",
				0
			],
			"obj-fills": [
				"Fill Every",
				"Fills",
				0
			],
			"obj-where": [
				"Where",
				"Where",
				0
			],
			"obj-online": [
				"Online Research",
				"Online",
				0
			],
			"obj-complexity-on": [
				"Complexity On",
				"Complexity On",
				0
			],
			"obj-complexity": [
				"Complexity",
				"Complex",
				0
			],
			"obj-swing-on": [
				"Swing On",
				"Swing On",
				0
			],
			"obj-swing": [
				"Swing",
				"Swing",
				0
			],
			"obj-humanize": [
				"Humanize",
				"Human",
				0
			],
			"obj-seed": [
				"Seed",
				"Seed",
				0
			],
			"obj-lock": [
				"Seed Lock",
				"Seed Lock",
				0
			],
			"obj-btn-reroll": [
				"Re-roll",
				"Re-roll",
				0
			],
			"obj-rerollvar": [
				"Re-roll Variation",
				"Var",
				0
			],
			"obj-artist-pattr": [
				"Artist",
				"Artist",
				0
			],
			"obj-btn-feel": [
				"Apply Feel",
				"Apply Feel",
				0
			],
			"obj-ghosts": [
				"Feel Ghosts",
				"Ghosts",
				0
			],
			"parameterbanks": {
				"0": {
					"index": 0,
					"name": "",
					"parameters": [
						"obj-bars",
						"obj-variations",
						"obj-complexity",
						"obj-swing",
						"obj-humanize",
						"obj-tempo",
						"obj-follow",
						"obj-drummap"
					]
				}
			},
			"inherited_shortname": 1
		},
		"dependency_cache": [
			{
				"name": "bridge.js",
				"patcherrelativepath": ".",
				"type": "TEXT",
				"implicit": 1
			},
			{
				"name": "live_writer.js",
				"patcherrelativepath": ".",
				"type": "TEXT",
				"implicit": 1
			}
		],
		"autosave": 0
	}
}
